// Actor recognition with the PETRARCH actor, agent and discard dictionaries.
#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "fissure/coding/event_coder.h"
#include "fissure/lexicon/petrarch_tokens.h"
#include "word_classes.h"

namespace fissure {
namespace {

enum class EntryKind : uint8_t { kActor, kAgent, kDiscard };

struct Entry {
  EntryKind kind;
  int index;
  const std::vector<std::string>* words;
};

struct Match {
  int tb, te;
  EntryKind kind;
  int index;
};

// One noun phrase naming an actor, or several joined by "and" (after grouping).
struct Group {
  int tb = 0, te = 0;
  std::vector<int> actors;  // indices into the actor matches
  std::vector<std::vector<int>> prefix_slots,
      suffix_slots;  // agent indices; a slot's agents are alternatives
  bool alive = true;
  bool former = false;  // "former officials": CAMEO codes ex-officials as elites (ELI)
};

struct Chain {
  int tb = 0, te = 0;
  std::vector<std::vector<int>> slots;
  bool attached = false;
  bool former = false;
};

bool contains_code(const std::string& code, const std::string& agent) {
  for (size_t i = 0; i + agent.size() <= code.size(); i += 3)
    if (code.compare(i, agent.size(), agent) == 0) return true;
  return false;
}

// Appends or prepends the agent's code unless the actor code already says it (USAGOV + GOV).
std::string combine(const std::string& base, const PetrarchAgent& agent) {
  if (contains_code(base, agent.code)) return base;
  return agent.prefix ? agent.code + base : base + agent.code;
}

}  // namespace

struct PetrarchActorMatcher::Index {
  std::unordered_map<std::string, std::vector<Entry>> by_first_word;
  std::unordered_set<std::string> verb_words;
};

PetrarchActorMatcher::PetrarchActorMatcher(
    std::shared_ptr<const PetrarchActorDictionaries> dictionaries)
    : dicts_(std::move(dictionaries)), index_(std::make_unique<Index>()) {
  auto add = [&](EntryKind kind, int index, const std::vector<std::string>& words) {
    if (!words.empty()) index_->by_first_word[words[0]].push_back({kind, index, &words});
  };
  for (size_t i = 0; i < dicts_->actors.size(); ++i)
    for (const auto& p : dicts_->actors[i].phrases) add(EntryKind::kActor, static_cast<int>(i), p);
  for (size_t i = 0; i < dicts_->agents.size(); ++i)
    for (const auto& p : dicts_->agents[i].phrases) add(EntryKind::kAgent, static_cast<int>(i), p);
  for (size_t i = 0; i < dicts_->discards.size(); ++i)
    add(EntryKind::kDiscard, static_cast<int>(i), dicts_->discards[i].words);
  // Longest phrases first, actors before agents of the same length.
  for (auto& [word, entries] : index_->by_first_word)
    std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
      if (a.words->size() != b.words->size()) return a.words->size() > b.words->size();
      return static_cast<int>(a.kind) < static_cast<int>(b.kind);
    });
}

PetrarchActorMatcher::~PetrarchActorMatcher() = default;

void PetrarchActorMatcher::set_verb_words(const PetrarchVerbDictionary& verbs) {
  index_->verb_words.clear();
  for (const auto& block : verbs.blocks)
    for (const auto& verb : block.verbs)
      for (size_t f = 0; f < verb.forms.size(); ++f)
        index_->verb_words.insert(verb.forms[f][verb.head[f]]);
}
PetrarchActorMatcher::PetrarchActorMatcher(PetrarchActorMatcher&&) noexcept = default;

namespace {

std::vector<Match> longest_matches(const std::vector<PetrarchToken>& tokens,
                                   const std::unordered_map<std::string, std::vector<Entry>>& index,
                                   bool discards_only) {
  std::vector<Match> out;
  const int n = static_cast<int>(tokens.size());
  for (int i = 0; i < n;) {
    auto it = index.find(tokens[i].word);
    const Entry* best = nullptr;
    if (it != index.end()) {
      for (const Entry& e : it->second) {
        if (discards_only && e.kind != EntryKind::kDiscard) continue;
        const auto& w = *e.words;
        if (i + static_cast<int>(w.size()) > n) continue;
        bool ok = true;
        for (size_t k = 1; k < w.size() && ok; ++k) ok = tokens[i + k].word == w[k];
        if (ok) {
          best = &e;
          break;
        }
      }
    }
    if (!best) {
      ++i;
      continue;
    }
    int te = i + static_cast<int>(best->words->size());
    out.push_back({i, te, best->kind, best->index});
    i = te;
  }
  return out;
}

bool gap_all(const std::vector<PetrarchToken>& t, int from, int to, bool allow_and,
             const std::unordered_set<std::string>& verbs) {
  for (int k = from; k < to; ++k) {
    const std::string& w = t[k].word;
    if (w == "'S" || (word_class::modifier(w) && !verbs.count(w))) continue;
    if (allow_and && w == "AND") continue;
    return false;
  }
  return true;
}

// Tokens between two actor phrases that make them one compound ("A, B and the C").
// 0 = not linkable, 1 = commas only, 2 = a conjunction.
int link_kind(const std::vector<PetrarchToken>& t, int from, int to,
              const std::vector<bool>& blocked, const std::unordered_set<std::string>& verbs) {
  if (to - from > 5 || to <= from) return 0;
  int kind = 0;
  for (int k = from; k < to; ++k) {
    const std::string& w = t[k].word;
    if (blocked[k] || verbs.count(w)) return 0;
    if (w == ",") {
      kind = std::max(kind, 1);
    } else if (w == "AND" || w == "NOR" || w == "OR") {
      kind = 2;
    } else if (!(w == "THE" || w == "'S" || w == "OF" || word_class::modifier(w))) {
      return 0;
    }
  }
  return kind;
}

}  // namespace

bool PetrarchActorMatcher::discarded(std::string_view text) const {
  if (dicts_->discards.empty()) return false;
  auto tokens = petrarch_tokenize(text);
  return !longest_matches(tokens, index_->by_first_word, true).empty();
}

std::vector<ActorMention> PetrarchActorMatcher::find(std::string_view text, DateNumber date) const {
  std::vector<ActorMention> out;
  auto tokens = petrarch_tokenize(text);
  if (tokens.empty()) return out;
  auto matches = longest_matches(tokens, index_->by_first_word, false);
  const int n = static_cast<int>(tokens.size());

  // Actor phrases and agent chains.
  std::vector<Match> actor_matches;
  std::vector<std::vector<std::string>> actor_codes;
  std::vector<Group> groups;
  std::vector<Chain> chains;
  std::vector<bool> agent_token(static_cast<size_t>(n), false);
  for (const Match& m : matches) {
    if (m.kind == EntryKind::kActor) {
      auto codes = dicts_->actors[m.index].codes_on(date);
      codes.erase(std::remove(codes.begin(), codes.end(), "---"), codes.end());
      if (codes.empty()) continue;
      Group g;
      g.tb = m.tb;
      g.te = m.te;
      g.actors.push_back(static_cast<int>(actor_matches.size()));
      actor_matches.push_back(m);
      actor_codes.push_back(std::move(codes));
      groups.push_back(g);
    } else if (m.kind == EntryKind::kAgent) {
      for (int k = m.tb; k < m.te; ++k) agent_token[k] = true;
      // Agents next to each other form one chain: "Islamist media and government" = [MUS][MED|GOV].
      if (!chains.empty()) {
        Chain& c = chains.back();
        int gap_from = c.te, gap_to = m.tb;
        bool only_and = gap_to - gap_from >= 1 && gap_to - gap_from <= 2;
        for (int k = gap_from; k < gap_to && only_and; ++k)
          only_and = tokens[k].word == "AND" || tokens[k].word == ",";
        bool adjacent =
            gap_to - gap_from <= 1 && gap_all(tokens, gap_from, gap_to, false, index_->verb_words);
        bool has_actor_between = false;
        for (const Group& g : groups) has_actor_between |= g.tb >= gap_from && g.tb < gap_to;
        if (!has_actor_between && (only_and || adjacent)) {
          if (only_and) {
            c.slots.back().push_back(m.index);
          } else {
            c.slots.push_back({m.index});
          }
          c.te = m.te;
          continue;
        }
      }
      chains.push_back({m.tb, m.te, {{m.index}}, false});
    }
  }

  // Compounds among bare actor phrases, so that "the ambassadors of A, B and C" reaches all three.
  auto link_groups = [&](std::vector<Group>& gs) {
    std::vector<int> kinds(gs.size(), 0);
    for (size_t i = 0; i + 1 < gs.size(); ++i)
      kinds[i] = link_kind(tokens, gs[i].te, gs[i + 1].tb, agent_token, index_->verb_words);
    size_t i = 0;
    while (i < gs.size()) {
      size_t j = i;
      size_t last_conj = i;
      while (j + 1 < gs.size() && kinds[j] != 0) {
        if (kinds[j] == 2) last_conj = j + 1;
        ++j;
      }
      for (size_t k = i + 1; k <= last_conj; ++k) {
        gs[i].actors.insert(gs[i].actors.end(), gs[k].actors.begin(), gs[k].actors.end());
        gs[i].te = gs[k].te;
        gs[k].alive = false;
      }
      i = last_conj + 1;
    }
    gs.erase(std::remove_if(gs.begin(), gs.end(), [](const Group& g) { return !g.alive; }),
             gs.end());
  };
  link_groups(groups);

  auto group_before = [&](int pos) -> Group* {
    Group* best = nullptr;
    for (Group& g : groups)
      if (g.alive && g.te <= pos && (!best || g.te > best->te)) best = &g;
    return best;
  };
  auto group_starting = [&](int pos) -> Group* {
    for (Group& g : groups)
      if (g.alive && g.tb == pos) return &g;
    return nullptr;
  };
  auto is_former = [&](int pos) { return pos > 0 && tokens[pos - 1].word == "FORMER"; };
  for (Chain& c : chains) c.former = is_former(c.tb);
  for (Chain& c : chains) {
    bool prefix_only = true;
    for (const auto& slot : c.slots)
      for (int a : slot) prefix_only &= dicts_->agents[a].prefix;
    // "Gondor's main opposition group", "Arnor security officials": the agent follows its actor.
    Group* left = group_before(c.tb);
    if (!prefix_only && left && c.tb - left->te <= 4 &&
        gap_all(tokens, left->te, c.tb, true, index_->verb_words)) {
      for (const auto& s : c.slots) left->suffix_slots.push_back(s);
      left->te = std::max(left->te, c.te);
      c.attached = true;
      // "Prime Minister Romendacil": a name right after the title is the same person.
      if (Group* name = group_starting(c.te); name && name != left && name->actors.size() == 1) {
        left->te = name->te;
        name->alive = false;
      }
      continue;
    }
    // "the ambassadors of Arnor, Osgiliath and Gondor", "soldiers from Gondor".
    int k = c.te;
    if (k < n && (tokens[k].word == "OF" || tokens[k].word == "IN" || tokens[k].word == "FROM")) {
      ++k;
      if (k < n && tokens[k].word == "THE") ++k;
      if (Group* right = group_starting(k)) {
        for (const auto& s : c.slots) right->suffix_slots.push_back(s);
        right->tb = c.tb;
        c.attached = true;
        continue;
      }
    }
    // "MSF Arnor", "Russian police": an agent right before its actor.
    for (int gap = 0; gap <= 1 && c.te + gap < n; ++gap) {
      Group* right = group_starting(c.te + gap);
      if (!right) {
        if (tokens[c.te + gap].word != "THE") break;
        continue;
      }
      for (const auto& s : c.slots) {
        bool prefix = true;
        for (int a : s) prefix &= dicts_->agents[a].prefix;
        (prefix ? right->prefix_slots : right->suffix_slots).push_back(s);
      }
      right->tb = std::min(right->tb, c.tb);
      c.attached = true;
      break;
    }
  }

  auto expand = [&](std::vector<std::string> codes, const std::vector<std::vector<int>>& slots) {
    for (const auto& slot : slots) {
      std::vector<std::string> next;
      for (const auto& code : codes)
        for (int a : slot) next.push_back(combine(code, dicts_->agents[a]));
      codes = std::move(next);
    }
    return codes;
  };
  auto mention = [&](int tb, int te, const std::string& code, const char* kind,
                     const std::string& file, int line) {
    ActorMention m;
    m.begin = tokens[tb].begin;
    m.end = tokens[te - 1].end;
    m.code = code;
    m.kind = kind;
    m.country = code.size() >= 3 && code.compare(0, 3, "---") != 0 ? code.substr(0, 3) : "";
    m.name = std::string(text.substr(m.begin, m.end - m.begin));
    m.why = {file, line, "petrarch:actor"};
    out.push_back(std::move(m));
  };
  static const PetrarchAgent kElite{{}, "ELI", false, 0};
  for (Group& g : groups) {
    if (!g.alive) continue;
    bool former = is_former(g.tb);
    for (const Chain& c : chains) former |= c.attached && c.former && c.tb >= g.tb && c.te <= g.te;
    // A former office holder is coded as an elite instead of by the office.
    if (former && !g.suffix_slots.empty()) g.former = true;
  }
  for (const Group& g : groups) {
    if (!g.alive) continue;
    bool shared_span = !g.prefix_slots.empty() || !g.suffix_slots.empty();
    for (int a : g.actors) {
      const Match& m = actor_matches[a];
      std::vector<std::string> codes;
      for (const auto& base : actor_codes[a]) {
        // Prefix agents go before the actor code, suffix agents after it.
        std::vector<std::string> with = g.former ? std::vector<std::string>{combine(base, kElite)}
                                                 : expand({base}, g.suffix_slots);
        for (auto& c : with) {
          std::vector<std::string> front{c};
          for (const auto& slot : g.prefix_slots) {
            std::vector<std::string> next;
            for (const auto& f : front)
              for (int ag : slot) next.push_back(combine(f, dicts_->agents[ag]));
            front = std::move(next);
          }
          codes.insert(codes.end(), front.begin(), front.end());
        }
      }
      int file = dicts_->actor_file_of.empty() ? -1 : dicts_->actor_file_of[m.index];
      for (const auto& c : codes)
        mention(shared_span ? g.tb : m.tb, shared_span ? g.te : m.te, c, "actor",
                file >= 0 ? dicts_->actor_files[file] : "", dicts_->actors[m.index].line);
    }
  }
  for (const Chain& c : chains) {
    if (c.attached) continue;
    auto codes = c.former ? std::vector<std::string>{"---ELI"} : expand({"---"}, c.slots);
    int a = c.slots.front().front();
    int file = dicts_->agent_file_of.empty() ? -1 : dicts_->agent_file_of[a];
    for (const auto& code : codes)
      mention(c.tb, c.te, code, "agent", file >= 0 ? dicts_->agent_files[file] : "",
              dicts_->agents[a].line);
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const ActorMention& a, const ActorMention& b) { return a.begin < b.begin; });
  return out;
}

}  // namespace fissure
