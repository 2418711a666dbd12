#include "fissure/report/html_writer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "test_support.h"

namespace fissure::report {
namespace {

// Undoes escape_html and drops <mark> tags: what a reader sees.
std::string visible_text(const std::string& html) {
  std::string out;
  for (size_t i = 0; i < html.size();) {
    if (html.compare(i, 6, "<mark>") == 0) {
      i += 6;
    } else if (html.compare(i, 7, "</mark>") == 0) {
      i += 7;
    } else if (html[i] == '&') {
      size_t semi = html.find(';', i);
      std::string entity = html.substr(i, semi - i + 1);
      if (entity == "&amp;")
        out += '&';
      else if (entity == "&lt;")
        out += '<';
      else if (entity == "&gt;")
        out += '>';
      else if (entity == "&quot;")
        out += '"';
      else if (entity == "&#39;")
        out += '\'';
      else
        ADD_FAILURE() << "unknown entity " << entity;
      i = semi + 1;
    } else {
      out += html[i++];
    }
  }
  return out;
}

TEST(EscapeHtml, EscapesMarkupCharacters) {
  EXPECT_EQ(escape_html("<script>alert('x') & \"y\"</script>"),
            "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;");
  EXPECT_EQ(escape_html("Kim Jong Un — 김정은"), "Kim Jong Un — 김정은");
}

TEST(EscapeHtml, ReplacesInvalidUtf8AndDropsControlCharacters) {
  EXPECT_EQ(escape_html(std::string("a\xff"
                                    "b")),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(escape_html(std::string("a\xC0\xAF"
                                    "b")),
            "a\xEF\xBF\xBD\xEF\xBF\xBD"
            "b");  // overlong '/'
  EXPECT_EQ(escape_html(std::string("a\x01\x00"
                                    "b\tc\nd",
                                    9)),
            "ab\tc\nd");
  EXPECT_EQ(escape_html(std::string("\xE2\x82")), "\xEF\xBF\xBD\xEF\xBF\xBD");  // cut short
}

TEST(MarkSpans, MarksByteRangesAndEscapesAround) {
  EXPECT_EQ(mark_spans("Iran & the DPRK <met>", {{11, 15}}),
            "Iran &amp; the <mark>DPRK</mark> &lt;met&gt;");
  EXPECT_EQ(mark_spans("Iran and the DPRK", {{13, 17}, {0, 4}}),
            "<mark>Iran</mark> and the <mark>DPRK</mark>");
}

TEST(MarkSpans, IgnoresBadRangesAndMovesToCharacterBoundaries) {
  EXPECT_EQ(mark_spans("abc", {{-1, 2}, {2, 2}, {5, 9}}), "abc");
  EXPECT_EQ(mark_spans("abcdef", {{0, 3}, {2, 5}}), "<mark>abc</mark>def");  // overlap: first wins
  EXPECT_EQ(mark_spans("abc", {{1, 100}}), "a<mark>bc</mark>");
  // "é" is two bytes (1..3): a span ending inside it takes the whole character.
  EXPECT_EQ(mark_spans("Télé", {{0, 2}}), "<mark>Té</mark>lé");
}

TEST(MarkSpans, NeverLosesOrInjectsText) {
  testing::check_property(
      [](const std::string& text, const std::vector<std::pair<int, int>>& spans) {
        std::string html = mark_spans(text, spans);
        std::string stripped = html;
        for (const char* t : {"<mark>", "</mark>"})
          for (size_t at; (at = stripped.find(t)) != std::string::npos;)
            stripped.erase(at, std::strlen(t));
        RC_ASSERT(stripped.find('<') == std::string::npos);
        RC_ASSERT(stripped.find('>') == std::string::npos);
        std::string expected;
        for (char c : valid_utf8(text))
          if (static_cast<unsigned char>(c) >= 0x20 || c == '\n' || c == '\t' || c == '\r')
            expected += c == '\r' ? '\n' : (c == 0x7F ? ' ' : c);
        RC_ASSERT(visible_text(html) == expected);
      });
}

TEST(AnchorId, KeepsSafeCharactersAndEncodesTheRest) {
  EXPECT_EQ(anchor_id("doc-", "kcna-2011-00002"), "doc-kcna-2011-00002");
  EXPECT_EQ(anchor_id("doc-", "a b\"<"), "doc-a_20b_22_3c");
  EXPECT_NE(anchor_id("doc-", "a/b"), anchor_id("doc-", "a.b"));
}

TEST(FormatNumber, SignsDashesAndPercent) {
  EXPECT_EQ(format_number(0.1234, 3), "0.123");
  EXPECT_EQ(format_number(0.1234, 2, true), "+0.12");
  EXPECT_EQ(format_number(-0.0001, 2), "0.00");
  EXPECT_EQ(format_number(NAN, 2), "\xE2\x80\x93");
  EXPECT_EQ(format_percent(0.1234), "12.3%");
  EXPECT_EQ(format_interval(-0.1, 0.2, 2), "[-0.10, 0.20]");
  EXPECT_EQ(format_interval(NAN, 0.2, 2), "");
  EXPECT_EQ(format_p_value(1e-9), "<1e-6");
  EXPECT_EQ(format_count(1234567),
            "1\xE2\x80\x89"
            "234\xE2\x80\x89"
            "567");
}

}  // namespace
}  // namespace fissure::report
