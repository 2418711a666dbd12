// fissure's query language -> FTS5 MATCH syntax. Bare words are quoted so that punctuation in
// them ("U.S.", "Kim's", "anti-imperialist") cannot break FTS5's grammar.
#include <cctype>
#include <string>
#include <vector>

#include "fissure/store/search.h"

namespace fissure {
namespace {

struct Token {
  enum class Kind { kTerm, kAnd, kOr, kNot, kNear, kOpen, kClose } kind;
  std::string text;   // kTerm: the FTS5 string literal (quoted), with "*" for prefixes
  int distance = 10;  // kNear
};

std::string quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += "\"\"";
    else out += c;
  }
  return out + "\"";
}

bool has_word_char(const std::string& s) {
  for (unsigned char c : s)
    if (std::isalnum(c) || c >= 0x80) return true;
  return false;
}

Result<std::vector<Token>> lex(const std::string& q) {
  std::vector<Token> out;
  size_t i = 0, n = q.size();
  while (i < n) {
    char c = q[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
      continue;
    }
    if (c == '(' || c == ')') {
      out.push_back({c == '(' ? Token::Kind::kOpen : Token::Kind::kClose, "", 0});
      ++i;
      continue;
    }
    if (c == '"') {
      size_t close = q.find('"', i + 1);
      if (close == std::string::npos) return Status::invalid("unbalanced quote in query");
      std::string phrase = q.substr(i + 1, close - i - 1);
      i = close + 1;
      bool prefix = i < n && q[i] == '*';
      if (prefix) ++i;
      if (!has_word_char(phrase)) continue;  // "" or "..." adds nothing
      out.push_back({Token::Kind::kTerm, quote(phrase) + (prefix ? "*" : ""), 0});
      continue;
    }
    size_t start = i;
    while (i < n && !std::isspace(static_cast<unsigned char>(q[i])) && q[i] != '(' && q[i] != ')' && q[i] != '"') ++i;
    std::string word = q.substr(start, i - start);
    if (word == "AND") out.push_back({Token::Kind::kAnd, "", 0});
    else if (word == "OR") out.push_back({Token::Kind::kOr, "", 0});
    else if (word == "NOT") out.push_back({Token::Kind::kNot, "", 0});
    else if (word == "NEAR" || word.rfind("NEAR/", 0) == 0) {
      int d = 10;
      if (word.size() > 5) {
        std::string num = word.substr(5);
        if (num.empty() || num.size() > 4 || num.find_first_not_of("0123456789") != std::string::npos)
          return Status::invalid("NEAR/N needs a number of words, got \"" + word + "\"");
        d = std::stoi(num);
      }
      out.push_back({Token::Kind::kNear, "", d});
    } else {
      bool prefix = word.size() > 1 && word.back() == '*';
      if (prefix) word.pop_back();
      if (!has_word_char(word)) continue;  // lone punctuation is not a term
      out.push_back({Token::Kind::kTerm, quote(word) + (prefix ? "*" : ""), 0});
    }
  }
  return out;
}

}  // namespace

Result<std::string> to_fts_query(const std::string& query) {
  auto lexed = lex(query);
  if (!lexed) return lexed.status();
  std::vector<Token>& t = *lexed;
  if (t.empty()) return Status::invalid("empty query: give at least one word");
  // NEAR binds tightest: a NEAR b NEAR c -> NEAR("a" "b" "c", d) with the smallest distance.
  std::vector<Token> merged;
  for (size_t i = 0; i < t.size(); ++i) {
    if (t[i].kind != Token::Kind::kNear) {
      merged.push_back(t[i]);
      continue;
    }
    if (merged.empty() || merged.back().kind != Token::Kind::kTerm || i + 1 >= t.size() ||
        t[i + 1].kind != Token::Kind::kTerm)
      return Status::invalid("NEAR needs a word or phrase on each side, not a group: write (a NEAR b) OR (a NEAR c)");
    Token& left = merged.back();
    int d = t[i].distance;
    std::string inner = left.text;
    if (inner.rfind("NEAR(", 0) == 0) {
      // Extend an existing group: strip "NEAR(" and ", d)".
      size_t comma = inner.rfind(',');
      d = std::min(d, std::stoi(inner.substr(comma + 1)));
      inner = inner.substr(5, comma - 5);
    }
    left.text = "NEAR(" + inner + " " + t[i + 1].text + ", " + std::to_string(d) + ")";
    ++i;
  }
  std::string out;
  int depth = 0;
  bool expect_operand = true;
  for (size_t i = 0; i < merged.size(); ++i) {
    const Token& tok = merged[i];
    switch (tok.kind) {
      case Token::Kind::kTerm:
        if (!expect_operand) out += " AND ";
        out += tok.text;
        expect_operand = false;
        break;
      case Token::Kind::kOpen:
        if (!expect_operand) out += " AND ";
        out += "(";
        ++depth;
        expect_operand = true;
        break;
      case Token::Kind::kClose:
        if (depth == 0) return Status::invalid("unbalanced ')' in query");
        if (expect_operand) return Status::invalid("empty or incomplete group before ')'");
        out += ")";
        --depth;
        break;
      case Token::Kind::kAnd:
      case Token::Kind::kOr:
      case Token::Kind::kNot: {
        const char* name = tok.kind == Token::Kind::kAnd ? "AND" : tok.kind == Token::Kind::kOr ? "OR" : "NOT";
        if (expect_operand)
          return Status::invalid(std::string(name) + " needs a word or phrase before it" +
                                 (tok.kind == Token::Kind::kNot ? " (FTS has no pure negation: write \"a NOT b\")" : ""));
        out += std::string(" ") + name + " ";
        expect_operand = true;
        break;
      }
      case Token::Kind::kNear:
        break;  // merged above
    }
  }
  if (depth != 0) return Status::invalid("unbalanced '(' in query");
  if (expect_operand) return Status::invalid("query ends with an operator");
  return out;
}

}  // namespace fissure
