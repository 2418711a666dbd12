#include "word_classes.h"

#include <algorithm>
#include <array>
#include <span>

namespace fissure::word_class {
namespace {

template <size_t N>
bool in(const std::array<std::string_view, N>& set, std::string_view w) {
  return std::find(set.begin(), set.end(), w) != set.end();
}

constexpr std::array<std::string_view, 17> kDeterminers = {
    "A",    "AN",   "THE",   "ITS",   "THEIR", "HIS", "HER",  "OUR",  "MY",
    "YOUR", "THIS", "THESE", "THOSE", "'S",    "ANY", "EACH", "EVERY"};
constexpr std::array<std::string_view, 32> kPrepositions = {
    "OF",    "IN",    "ON",      "AT",      "BY",      "FOR",     "WITH",   "FROM",
    "TO",    "INTO",  "AGAINST", "TOWARD",  "TOWARDS", "BETWEEN", "ABOUT",  "OVER",
    "UNDER", "AFTER", "BEFORE",  "DURING",  "NEAR",    "THROUGH", "ACROSS", "AMONG",
    "ALONG", "SINCE", "UNTIL",   "WITHOUT", "WITHIN",  "UPON",    "ONTO",   "VIA"};
constexpr std::array<std::string_view, 9> kModals = {"WILL",  "WOULD", "SHALL", "SHOULD", "CAN",
                                                     "COULD", "MAY",   "MIGHT", "MUST"};
constexpr std::array<std::string_view, 8> kBe = {"IS", "ARE",  "WAS",   "WERE",
                                                 "BE", "BEEN", "BEING", "AM"};
constexpr std::array<std::string_view, 13> kOtherAux = {
    "HAS", "HAVE", "HAD", "HAVING", "DO", "DOES", "DID", "CA", "WO", "N'T", "NOT", "TO", "'D"};
constexpr std::array<std::string_view, 4> kConjunctions = {"AND", "OR", "NOR", "BUT"};
constexpr std::array<std::string_view, 20> kPronouns = {
    "HE", "SHE", "IT",    "THEY", "WE",   "I",    "YOU",   "HIM",   "THEM", "US",
    "ME", "WHO", "WHICH", "THAT", "WHAT", "WHOM", "WHOSE", "THERE", "THIS", "ONE"};
constexpr std::array<std::string_view, 14> kReporting = {
    "SAID",      "SAYS",   "SAY",     "REPORTED", "TOLD",     "ADDED",     "NOTED",
    "ANNOUNCED", "STATED", "CLAIMED", "QUOTED",   "DECLARED", "EXPLAINED", "INSISTED"};
constexpr std::array<std::string_view, 14> kAdverbs = {"NOW",   "AGAIN", "ALSO",  "STILL",   "EVER",
                                                       "NEVER", "EVEN",  "JUST",  "ALREADY", "SOON",
                                                       "THEN",  "YET",   "LATER", "EARLIER"};
constexpr std::array<std::string_view, 14> kOtherFunction = {
    "IF",      "WHEN",  "WHILE",    "BECAUSE", "AS",     "THAN", "SO",
    "WHETHER", "WHERE", "ALTHOUGH", "THOUGH",  "UNLESS", "ONCE", "LIKE"};

}  // namespace

std::vector<std::string_view> listed_words() {
  std::vector<std::string_view> out;
  const auto add = [&](std::span<const std::string_view> list) {
    for (std::string_view w : list) out.push_back(w);
  };
  add(kDeterminers);
  add(kPrepositions);
  add(kModals);
  add(kBe);
  add(kOtherAux);
  add(kConjunctions);
  add(kPronouns);
  add(kReporting);
  add(kAdverbs);
  add(kOtherFunction);
  return out;
}

bool determiner(std::string_view w) { return in(kDeterminers, w); }
bool preposition(std::string_view w) { return in(kPrepositions, w); }
bool modal(std::string_view w) { return in(kModals, w); }
bool be_form(std::string_view w) { return in(kBe, w); }
bool auxiliary(std::string_view w) { return modal(w) || be_form(w) || in(kOtherAux, w); }
bool conjunction(std::string_view w) { return in(kConjunctions, w); }
bool pronoun(std::string_view w) { return in(kPronouns, w); }
bool reporting_verb(std::string_view w) { return in(kReporting, w); }
bool punctuation(std::string_view w) {
  return w.size() == 1 && !((w[0] >= 'A' && w[0] <= 'Z') || (w[0] >= '0' && w[0] <= '9') ||
                            static_cast<unsigned char>(w[0]) >= 0x80);
}
bool adverb(std::string_view w) {
  return in(kAdverbs, w) || (w.size() > 4 && w.substr(w.size() - 2) == "LY");
}
bool modifier(std::string_view w) {
  if (w.empty() || punctuation(w)) return false;
  if (determiner(w) || preposition(w) || auxiliary(w) || conjunction(w) || pronoun(w) ||
      in(kOtherFunction, w))
    return false;
  return true;
}

}  // namespace fissure::word_class
