#include "fissure/corpus/html_reader.h"

#include <gtest/gtest.h>
#include <rapidcheck.h>

#include <cstdlib>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <vector>

#include "fissure/corpus/reader.h"
#include "fissure/corpus/record_check.h"
#include "test_support.h"

namespace fissure {
namespace {

using fissure::testing::check_property;
using fissure::testing::drain;

using fissure::testing::TempDir;
using fissure::testing::write_file;
using nlohmann::json;

std::vector<ReadStep> read(const std::string& bytes, const std::string& path = "site/page.html",
                           const ReaderOptions& options = {}) {
  auto r = make_html_reader(memory_input(bytes), path, options);
  return drain(*r);
}

constexpr auto kDoc = ReadStep::Kind::kDocument;
constexpr auto kSkip = ReadStep::Kind::kSkipped;

std::string page(const std::string& head, const std::string& body) {
  return "<!DOCTYPE html><html><head>" + head + "</head><body>" + body + "</body></html>";
}

TEST(ExtractHtmlTest, TitlePrefersOgTitle) {
  auto e = extract_html(page(R"(<meta property="og:title" content="Og  title"><title>Tag</title>)",
                             "<h1>Heading</h1><p>x</p>"));
  EXPECT_EQ(e.title, "Og title");
}

TEST(ExtractHtmlTest, TitleFallsBackToTitleElement) {
  auto e = extract_html(page("<title>\n  The   page title </title>", "<h1>Heading</h1>"));
  EXPECT_EQ(e.title, "The page title");
}

TEST(ExtractHtmlTest, TitleFallsBackToFirstH1) {
  auto e = extract_html(page("", "<h1>First <em>heading</em></h1><h1>Second</h1>"));
  EXPECT_EQ(e.title, "First heading");
}

TEST(ExtractHtmlTest, SvgTitleIsNotThePageTitle) {
  auto e = extract_html(page("", "<svg><title>icon</title></svg><h1>Real</h1><p>x</p>"));
  EXPECT_EQ(e.title, "Real");
}

TEST(ExtractHtmlTest, UrlPrefersCanonicalLink) {
  auto e = extract_html(page(R"(<meta property="og:url" content="http://og/1">)"
                             R"(<link rel="canonical" href="http://canon/1">)",
                             "<p>x</p>"));
  EXPECT_EQ(e.url, "http://canon/1");
}

TEST(ExtractHtmlTest, UrlFallsBackToOgUrl) {
  auto e = extract_html(page(R"(<meta property="og:url" content=" http://og/1 ">)", "<p>x</p>"));
  EXPECT_EQ(e.url, "http://og/1");
}

TEST(ExtractHtmlTest, DateFromArticlePublishedTimeFirst) {
  auto e = extract_html(
      page(R"(<meta name="date" content="2020-01-01">)"
           R"(<meta property="article:published_time" content="2021-02-03T04:05:06Z">)",
           "<time datetime='2019-09-09'>x</time>"));
  EXPECT_EQ(e.date, "2021-02-03T04:05:06Z");
}

TEST(ExtractHtmlTest, DateFromOtherMetaNamesInOrder) {
  EXPECT_EQ(extract_html(page(R"(<meta property="og:article:published_time" content="2001">)"
                              R"(<meta name="pubdate" content="2002">)",
                              "<p>x</p>"))
                .date,
            "2001");
  EXPECT_EQ(extract_html(page(R"(<meta name="PubDate" content="2002">)", "<p>x</p>")).date, "2002");
  EXPECT_EQ(
      extract_html(page(R"(<meta itemprop="datePublished" content="2003-03">)", "<p>x</p>")).date,
      "2003-03");
}

TEST(ExtractHtmlTest, DateFromItempropOnAnyElement) {
  auto e = extract_html(page("", R"(<span itemprop="datePublished">2018-05-06</span><p>x</p>)"));
  EXPECT_EQ(e.date, "2018-05-06");
}

TEST(ExtractHtmlTest, DateFallsBackToFirstTimeElement) {
  auto e = extract_html(page(
      "", R"(<time>no attr</time><time datetime="2017-07-07">July</time><time datetime="2000">)"));
  EXPECT_EQ(e.date, "2017-07-07");
}

TEST(ExtractHtmlTest, LangFromHtmlElement) {
  auto e = extract_html("<html lang=\"ko\"><body><p>x</p></body></html>");
  EXPECT_EQ(e.lang, "ko");
}

TEST(ExtractHtmlTest, UppercaseTagsAndAttributesAreUnderstood) {
  auto e = extract_html("<HTML LANG=en><HEAD><TITLE>T</TITLE></HEAD><BODY><P>One<BR>Two</BODY>");
  EXPECT_EQ(e.lang, "en");
  EXPECT_EQ(e.title, "T");
  EXPECT_EQ(e.text, "One\nTwo");
}

TEST(ExtractHtmlTest, TextPrefersTheLargestArticle) {
  auto e = extract_html(page("",
                             "<article><p>Teaser</p></article>"
                             "<article><p>The long story, paragraph one.</p><p>Two.</p></article>"
                             "<p>Outside</p>"));
  EXPECT_EQ(e.text, "The long story, paragraph one.\nTwo.");
}

TEST(ExtractHtmlTest, ArticleInSiteChromeIsIgnored) {
  auto e = extract_html(page("",
                             "<aside><article><p>Related story with much more text in it</p>"
                             "</article></aside><main><p>Main</p></main>"));
  EXPECT_EQ(e.text, "Main");
}

TEST(ExtractHtmlTest, TextFallsBackToMain) {
  auto e = extract_html(page("", "<div>Menu</div><main><p>Body text</p></main>"));
  EXPECT_EQ(e.text, "Body text");
}

TEST(ExtractHtmlTest, TextFallsBackToBody) {
  auto e = extract_html(page("", "<div>Just</div><div>divs</div>"));
  EXPECT_EQ(e.text, "Just\ndivs");
}

TEST(ExtractHtmlTest, ChromeAndCodeAreDropped) {
  auto e = extract_html(page("<style>p{}</style><script>var a;</script>",
                             "<header>Site</header><nav>Menu</nav><p>Kept</p>"
                             "<script>x()</script><style>.a{}</style><noscript>no js</noscript>"
                             "<aside>Ad</aside><form>Search</form><iframe>frame</iframe>"
                             "<svg><text>logo</text></svg><template>tpl</template>"
                             "<footer>Copyright</footer>"));
  EXPECT_EQ(e.text, "Kept");
}

TEST(ExtractHtmlTest, BlockElementsEndLinesInlineElementsDoNot) {
  auto e = extract_html(page("",
                             "<p>One <b>bold</b> <i>word</i></p><ul><li>A</li><li>B</li></ul>"
                             "<h2>Sub</h2><blockquote>Quote</blockquote>"
                             "<table><tr><td>c1</td><td>c2</td></tr></table>"
                             "<div>x<br>y<br/>z</div>"));
  EXPECT_EQ(e.text, "One bold word\nA\nB\nSub\nQuote\nc1\nc2\nx\ny\nz");
}

TEST(ExtractHtmlTest, WhitespaceIsCollapsedAndEmptyLinesDropped) {
  auto e =
      extract_html(page("", "<p>  lots \n\t of   space  </p><p>   </p><p>&nbsp;</p><p>end</p>"));
  EXPECT_EQ(e.text, "lots of space\nend");
}

TEST(ExtractHtmlTest, EntitiesAreDecoded) {
  auto e = extract_html(page("", "<p>Caf&eacute; &amp; bar &#8217;s &lt;tag&gt; &#x4E2D;</p>"));
  EXPECT_EQ(e.text, "Caf\xC3\xA9 & bar \xE2\x80\x99s <tag> \xE4\xB8\xAD");
}

TEST(ExtractHtmlTest, PreKeepsItsLineBreaks) {
  auto e = extract_html(page("", "<pre>line 1\nline  2\n\nline 3</pre>"));
  EXPECT_EQ(e.text, "line 1\nline 2\nline 3");
}

TEST(ExtractHtmlTest, FragmentsAreAccepted) {
  EXPECT_EQ(extract_html("Hello <b>world</b>").text, "Hello world");
  EXPECT_EQ(extract_html("<p>a</p><p>b</p>").text, "a\nb");
}

TEST(ExtractHtmlTest, MetaCharsetIsConvertedToUtf8) {
  // "Привет" in windows-1251.
  auto e = extract_html(
      "<html><head><meta charset=\"windows-1251\"></head><body><p>"
      "\xCF\xF0\xE8\xE2\xE5\xF2</p></body></html>");
  EXPECT_EQ(e.text, "\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82");
}

TEST(ExtractHtmlTest, CharsetParameterOverridesMeta) {
  auto e = extract_html("<meta charset=\"utf-8\"><p>\xCF\xF0\xE8</p>", "windows-1251");
  EXPECT_EQ(e.text, "\xD0\x9F\xD1\x80\xD0\xB8");
}

TEST(ExtractHtmlTest, UnknownCharsetParameterIsIgnored) {
  auto e = extract_html("<p>plain</p>", "no-such-charset");
  EXPECT_EQ(e.text, "plain");
}

TEST(ExtractHtmlTest, UndeclaredInvalidUtf8IsNotGuessed) {
  auto e = extract_html("<p>caf\xE9</p>");
  EXPECT_NE(find_invalid_utf8(e.text), std::string::npos) << e.text;
}

TEST(ExtractHtmlTest, EmptyAndGarbageGiveEmptyFields) {
  EXPECT_EQ(extract_html("").text, "");
  EXPECT_EQ(extract_html("<<<>>>").title, "");
  EXPECT_EQ(extract_html(std::string("\0\0\0", 3)).text, "");
}

TEST(ExtractHtmlTest, ModeratelyNestedMarkupKeepsItsText) {
  std::string html;
  for (int i = 0; i < 100; ++i) html += "<div><span>";
  html += "deep";
  EXPECT_EQ(extract_html(html).text, "deep");
}

// libxml2 stops at its nesting limit; what matters is that nothing overflows.
TEST(ExtractHtmlTest, PathologicallyNestedMarkupDoesNotCrash) {
  std::string html;
  for (int i = 0; i < 100000; ++i) html += "<div><span>";
  html += "deep";
  auto e = extract_html(html);
  EXPECT_EQ(find_invalid_utf8(e.text), std::string::npos);
}

TEST(ExtractHtmlTest, RandomBytesNeverCrash) {
  std::mt19937 rng(7);
  for (int round = 0; round < 200; ++round) {
    std::string s(rng() % 2000, '\0');
    for (char& c : s) c = "<>/=\"' abp&;#x\n\xC3\xA9\xFF"[rng() % 19];
    extract_html(s);
  }
  SUCCEED();
}

TEST(HtmlReaderTest, PageBecomesOneDocument) {
  ReaderOptions o;
  o.default_source = "Tehran Times";
  o.default_country = "IRN";
  auto steps =
      read(page(R"(<meta property="og:title" content="Iran and DPRK">)"
                R"(<link rel="canonical" href="https://www.tehrantimes.com/news/1">)"
                R"(<meta property="article:published_time" content="2023-07-01T10:00:00+03:30">)",
                "<nav>Home</nav><article><h1>Iran and DPRK</h1><p>Paragraph.</p></article>"),
           "site/page.html", o);
  ASSERT_EQ(steps.size(), 1u);
  ASSERT_EQ(steps[0].kind, kDoc) << steps[0].message;
  const Document& d = steps[0].document;
  EXPECT_EQ(d.id, "https://www.tehrantimes.com/news/1");
  EXPECT_EQ(d.url, "https://www.tehrantimes.com/news/1");
  EXPECT_EQ(d.title, "Iran and DPRK");
  EXPECT_EQ(d.date, (Date{2023, 7, 1}));
  EXPECT_EQ(d.text, "Iran and DPRK\nParagraph.");
  EXPECT_EQ(d.source, "Tehran Times");
  EXPECT_EQ(d.country, "IRN");
  EXPECT_EQ(d.origin, "site/page.html");
  EXPECT_EQ(d.metadata_json, "");
}

TEST(HtmlReaderTest, IdIsThePathWithoutCanonicalUrl) {
  auto steps = read(page("", "<p>text</p>"), "a/b.html");
  ASSERT_EQ(steps[0].kind, kDoc);
  EXPECT_EQ(steps[0].document.id, "a/b.html");
  EXPECT_EQ(steps[0].document.url, "");
}

TEST(HtmlReaderTest, RelativeCanonicalUrlDoesNotBecomeTheId) {
  auto steps = read(page(R"(<link rel="canonical" href="/news/1">)", "<p>text</p>"), "a/b.html");
  ASSERT_EQ(steps[0].kind, kDoc);
  EXPECT_EQ(steps[0].document.id, "a/b.html");
  EXPECT_EQ(steps[0].document.url, "/news/1");
}

TEST(HtmlReaderTest, UnparseableDateKeepsThePageAndTheRawDate) {
  auto steps = read(page(R"(<meta name="date" content="Thursday">)", "<p>text</p>"));
  ASSERT_EQ(steps[0].kind, kDoc) << steps[0].message;
  EXPECT_FALSE(steps[0].document.date.has_value());
  EXPECT_EQ(json::parse(steps[0].document.metadata_json), (json{{"date_raw", "Thursday"}}));
}

TEST(HtmlReaderTest, Rfc822DateIsParsed) {
  auto steps =
      read(page(R"(<meta name="date" content="Tue, 10 Jun 2003 04:00:00 GMT">)", "<p>t</p>"));
  ASSERT_EQ(steps[0].kind, kDoc);
  EXPECT_EQ(steps[0].document.date, (Date{2003, 6, 10}));
}

TEST(HtmlReaderTest, PageWithoutTextIsSkipped) {
  auto steps = read(page("<title>Only a title</title>", "<script>app()</script>"), "spa.html");
  ASSERT_EQ(steps.size(), 1u);
  ASSERT_EQ(steps[0].kind, kSkip);
  EXPECT_EQ(steps[0].message, "spa.html: no text found in HTML");
  EXPECT_FALSE(steps[0].fatal);
}

TEST(HtmlReaderTest, EmptyFileIsSkipped) {
  auto steps = read("", "empty.html");
  ASSERT_EQ(steps.size(), 1u);
  EXPECT_EQ(steps[0].message, "empty.html: no text found in HTML");
}

TEST(HtmlReaderTest, InvalidUtf8WithoutCharsetIsSkipped) {
  auto steps = read("<p>caf\xE9</p>", "bad.html");
  ASSERT_EQ(steps.size(), 1u);
  ASSERT_EQ(steps[0].kind, kSkip);
  EXPECT_EQ(steps[0].message.rfind("bad.html: invalid UTF-8 in \"text\"", 0), 0u)
      << steps[0].message;
}

TEST(HtmlReaderTest, DeclaredLatin1IsConverted) {
  auto steps = read(
      "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\">"
      "<p>caf\xE9</p>");
  ASSERT_EQ(steps[0].kind, kDoc) << steps[0].message;
  EXPECT_EQ(steps[0].document.text, "caf\xC3\xA9");
}

TEST(HtmlReaderTest, Utf16WithByteOrderMarkIsRead) {
  std::string ascii = "<html><body><p>wide text</p></body></html>";
  std::string bytes = "\xFF\xFE";
  for (char c : ascii) {
    bytes += c;
    bytes += '\0';
  }
  auto steps = read(bytes);
  ASSERT_EQ(steps[0].kind, kDoc) << steps[0].message;
  EXPECT_EQ(steps[0].document.text, "wide text");
}

TEST(HtmlReaderTest, OversizedFileIsSkipped) {
  ReaderOptions o;
  o.max_record_bytes = 64;
  auto steps = read(page("", "<p>" + std::string(1000, 'x') + "</p>"), "big.html", o);
  ASSERT_EQ(steps.size(), 1u);
  EXPECT_EQ(steps[0].message, "big.html: file larger than 64 bytes skipped");
}

TEST(HtmlReaderTest, OpenReaderDetectsHtmlFiles) {
  TempDir dir;
  write_file(dir.file("story.htm"), page("<title>T</title>", "<p>Body</p>"));
  auto r = open_reader(dir.file("story.htm"), ReaderOptions{});
  ASSERT_TRUE(r.is_ok());
  auto steps = drain(**r);
  ASSERT_EQ(steps.size(), 1u);
  EXPECT_EQ(steps[0].document.text, "Body");
}

std::string escape_html(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

TEST(HtmlReaderTest, PropertyParagraphsReadBackAsLines) {
  const auto word = rc::gen::nonEmpty(rc::gen::container<std::string>(
      rc::gen::element<char>('a', 'q', 'Z', '0', '<', '>', '&', '"', '\'', ';', '#')));
  check_property([&] {
    auto paragraphs = *rc::gen::nonEmpty(rc::gen::container<std::vector<std::vector<std::string>>>(
        rc::gen::nonEmpty(rc::gen::container<std::vector<std::string>>(word))));
    std::string body;
    std::string expected;
    for (const auto& words : paragraphs) {
      body += "<p>";
      std::string line;
      for (const auto& w : words) {
        body += "  " + escape_html(w) + "\n";
        if (!line.empty()) line += ' ';
        line += w;
      }
      body += "</p>";
      if (!expected.empty()) expected += '\n';
      expected += line;
    }
    auto steps = read(page("<title>t</title>", body));
    RC_ASSERT(steps.size() == 1u);
    RC_ASSERT(steps[0].kind == kDoc);
    RC_ASSERT(steps[0].document.text == expected);
  });
}

}  // namespace
}  // namespace fissure
