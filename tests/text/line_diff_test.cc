// Line diff (Myers) and its rendering for `fissure history`.
#include "fissure/text/line_diff.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <string>
#include <vector>

namespace fissure {
namespace {

using Op = DiffLine::Op;

std::vector<std::pair<Op, std::string>> script(std::string_view before, std::string_view after) {
  std::vector<std::pair<Op, std::string>> out;
  for (const auto& d : diff_lines(before, after)) out.emplace_back(d.op, std::string(d.line));
  return out;
}

// The texts the edit script says: kSame+kRemoved lines make `before`, kSame+kAdded make `after`.
std::string side(const std::vector<DiffLine>& diff, bool after) {
  std::string out;
  bool first = true;
  for (const auto& d : diff) {
    if (d.op == (after ? Op::kRemoved : Op::kAdded)) continue;
    if (!first) out += '\n';
    out.append(d.line);
    first = false;
  }
  return out;
}

size_t count(const std::vector<DiffLine>& diff, Op op) {
  size_t n = 0;
  for (const auto& d : diff) n += d.op == op;
  return n;
}

TEST(LineDiffTest, IdenticalTextsAreAllSame) {
  auto s = script("a\nb\nc", "a\nb\nc");
  EXPECT_EQ(s, (std::vector<std::pair<Op, std::string>>{
                   {Op::kSame, "a"}, {Op::kSame, "b"}, {Op::kSame, "c"}}));
}

TEST(LineDiffTest, Insertion) {
  auto s = script("a\nb\nc", "a\nx\nb\nc");
  EXPECT_EQ(s, (std::vector<std::pair<Op, std::string>>{
                   {Op::kSame, "a"}, {Op::kAdded, "x"}, {Op::kSame, "b"}, {Op::kSame, "c"}}));
}

TEST(LineDiffTest, Deletion) {
  auto s = script("a\nb\nc", "a\nc");
  EXPECT_EQ(s, (std::vector<std::pair<Op, std::string>>{
                   {Op::kSame, "a"}, {Op::kRemoved, "b"}, {Op::kSame, "c"}}));
}

TEST(LineDiffTest, Replacement) {
  auto d = diff_lines("a\nb\nc", "a\nB\nc");
  ASSERT_EQ(d.size(), 4u);
  EXPECT_EQ(d.front().op, Op::kSame);
  EXPECT_EQ(d.back().op, Op::kSame);
  EXPECT_EQ(count(d, Op::kRemoved), 1u);
  EXPECT_EQ(count(d, Op::kAdded), 1u);
  for (const auto& l : d) {
    if (l.op == Op::kRemoved) {
      EXPECT_EQ(l.line, "b");
    }
    if (l.op == Op::kAdded) {
      EXPECT_EQ(l.line, "B");
    }
  }
}

TEST(LineDiffTest, FromAndToEmptyText) {
  auto added = diff_lines("", "x\ny");
  EXPECT_EQ(count(added, Op::kAdded), 2u);
  EXPECT_EQ(added.size(), 2u);
  auto removed = diff_lines("x\ny", "");
  EXPECT_EQ(count(removed, Op::kRemoved), 2u);
  EXPECT_EQ(removed.size(), 2u);
  EXPECT_TRUE(diff_lines("", "").empty());
}

TEST(LineDiffTest, ScriptIsMinimal) {
  // One line changed in the middle of many: exactly one removal and one addition.
  std::string before, after;
  for (int i = 0; i < 50; ++i) {
    before += "line " + std::to_string(i) + "\n";
    after += (i == 25 ? std::string("changed") : "line " + std::to_string(i)) + "\n";
  }
  auto d = diff_lines(before, after);
  EXPECT_EQ(count(d, Op::kRemoved), 1u);
  EXPECT_EQ(count(d, Op::kAdded), 1u);
  EXPECT_EQ(count(d, Op::kSame), 49u);
}

TEST(LineDiffTest, LinesPointIntoTheInputs) {
  std::string before = "a\nb\nc", after = "a\nB\nc";
  for (const auto& d : diff_lines(before, after)) {
    const std::string& src = d.op == Op::kAdded ? after : before;
    const char* p = d.line.data();
    if (d.op == Op::kSame) {
      bool in_before = p >= before.data() && p + d.line.size() <= before.data() + before.size();
      bool in_after = p >= after.data() && p + d.line.size() <= after.data() + after.size();
      EXPECT_TRUE(in_before || in_after);
    } else {
      EXPECT_TRUE(p >= src.data() && p + d.line.size() <= src.data() + src.size());
    }
  }
}

TEST(LineDiffTest, TooManyEditsFallsBackToRemoveAllAddAll) {
  auto d = diff_lines("a\nb\nc\nd", "w\nx\ny\nz", 2);
  ASSERT_EQ(d.size(), 8u);
  for (size_t i = 0; i < 4; ++i) EXPECT_EQ(d[i].op, Op::kRemoved);
  for (size_t i = 4; i < 8; ++i) EXPECT_EQ(d[i].op, Op::kAdded);
  EXPECT_EQ(side(d, true), "w\nx\ny\nz");
}

TEST(LineDiffTest, RenderShowsPlusAndMinusLines) {
  std::string out = render_diff(diff_lines("one\ntwo\nthree", "one\n2\nthree\nfour"));
  EXPECT_NE(out.find("- two\n"), std::string::npos) << out;
  EXPECT_NE(out.find("+ 2\n"), std::string::npos) << out;
  EXPECT_NE(out.find("+ four\n"), std::string::npos) << out;
  EXPECT_NE(out.find("  one\n"), std::string::npos) << out;
  EXPECT_EQ(out.find("+ one"), std::string::npos) << out;
  EXPECT_EQ(out.find("- one"), std::string::npos) << out;
}

TEST(LineDiffTest, RenderLimitsContext) {
  std::string before, after;
  for (int i = 0; i < 20; ++i) {
    before += "line " + std::to_string(i) + "\n";
    after += (i == 10 ? std::string("ten") : "line " + std::to_string(i)) + "\n";
  }
  std::string out = render_diff(diff_lines(before, after), 2);
  EXPECT_NE(out.find("  line 8\n"), std::string::npos) << out;
  EXPECT_NE(out.find("  line 12\n"), std::string::npos) << out;
  EXPECT_EQ(out.find("line 7\n"), std::string::npos) << out;
  EXPECT_EQ(out.find("line 13\n"), std::string::npos) << out;
  EXPECT_NE(out.find("- line 10\n"), std::string::npos) << out;
  EXPECT_NE(out.find("+ ten\n"), std::string::npos) << out;
}

TEST(LineDiffTest, RenderOfIdenticalTextsIsEmpty) {
  EXPECT_EQ(render_diff(diff_lines("a\nb", "a\nb")), "");
}

// Texts of non-empty lines from a small alphabet, so that the two sides share many lines.
rc::Gen<std::string> gen_lines() {
  return rc::gen::map(rc::gen::container<std::vector<std::string>>(rc::gen::element<std::string>(
                          "a", "b", "c", "d", "the same line", "Iran", "é")),
                      [](const std::vector<std::string>& lines) {
                        std::string s;
                        for (size_t i = 0; i < lines.size(); ++i) s += (i ? "\n" : "") + lines[i];
                        return s;
                      });
}

RC_GTEST_PROP(LineDiffTest, ApplyingTheScriptToBeforeYieldsAfter, ()) {
  const std::string before = *gen_lines();
  const std::string after = *gen_lines();
  auto d = diff_lines(before, after);
  RC_ASSERT(side(d, false) == before);
  RC_ASSERT(side(d, true) == after);
}

RC_GTEST_PROP(LineDiffTest, FallbackScriptAlsoYieldsAfter, ()) {
  const std::string before = *gen_lines();
  const std::string after = *gen_lines();
  auto d = diff_lines(before, after, *rc::gen::inRange<size_t>(0, 4));
  RC_ASSERT(side(d, false) == before);
  RC_ASSERT(side(d, true) == after);
}

}  // namespace
}  // namespace fissure
