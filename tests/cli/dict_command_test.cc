#include <gtest/gtest.h>

#include "test_support.h"

namespace fissure::testing {
namespace {

TEST(DictCommandTest, BuiltinDictionariesAreClean) {
  auto r = run_fissure({"dict", "check", "--builtin"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("domains.fissure.txt: fissure-phrases, 7 entries"), std::string::npos)
      << r.out;
}

TEST(DictCommandTest, ProblemsPrintFileLineReasonAndExitThree) {
  TempDir dir;
  write_file(dir.file("a.fissure.txt"),
             "[PRK] stat North Korea\nDPRK\n[IRN] state Iran\nIran\nIRAN\n");
  write_file(dir.file("s.lc3"), "+negative#FF0000\r\n bad*\r\n a*b\r\n");
  auto r = run_fissure({"dict", "check", dir.file("a.fissure.txt"), dir.file("s.lc3")});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.out.find(dir.file("a.fissure.txt") + ":1: unknown kind 'stat'"), std::string::npos);
  EXPECT_NE(r.out.find(dir.file("a.fissure.txt") + ":5: duplicate"), std::string::npos);
  EXPECT_NE(r.out.find(dir.file("s.lc3") + ":3: "), std::string::npos);
  EXPECT_NE(r.out.find("1 entries, 1 patterns, 2 problems"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("lexicoder, 1 entries, 1 patterns, 1 problem\n"), std::string::npos)
      << r.out;
}

TEST(DictCommandTest, JsonUsageAndUnreadableFiles) {
  TempDir dir;
  write_file(dir.file("ok.txt"), "# actors\n[IRN] state Iran\nIran\n");
  auto r = run_fissure({"dict", "check", "--format", "json", dir.file("ok.txt")});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("\"patterns\": 1"), std::string::npos) << r.out;
  EXPECT_EQ(run_fissure({"dict", "check"}).exit_code, 2);
  EXPECT_EQ(run_fissure({"dict", "check", dir.file("missing.txt")}).exit_code, 1);
  write_file(dir.file("prose.txt"), "Just some prose.\n");
  EXPECT_EQ(run_fissure({"dict", "check", dir.file("prose.txt")}).exit_code, 2);
}

}  // namespace
}  // namespace fissure::testing
