#include "fissure/corpus/feed_reader.h"

#include <gtest/gtest.h>
#include <rapidcheck.h>

#include <cstdlib>
#include <nlohmann/json.hpp>
#include <sstream>
#include <vector>

#include "fissure/corpus/reader.h"
#include "test_support.h"

namespace fissure {
namespace {

using fissure::testing::check_property;
using fissure::testing::drain;

using fissure::testing::TempDir;
using fissure::testing::write_file;
using nlohmann::json;

std::vector<ReadStep> read(const std::string& bytes, const ReaderOptions& options = {},
                           const std::string& path = "f.rss") {
  auto r = make_feed_reader(memory_input(bytes), path, options);
  return drain(*r);
}

constexpr auto kDoc = ReadStep::Kind::kDocument;
constexpr auto kSkip = ReadStep::Kind::kSkipped;

const char* const kRss2 = R"(<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>KCNA Watch</title>
  <link>http://example.org/</link>
  <language>en</language>
  <item>
    <title>Talks &amp; visits</title>
    <link>http://example.org/1</link>
    <guid isPermaLink="false">item-1</guid>
    <pubDate>Tue, 10 Jun 2003 04:00:00 GMT</pubDate>
    <author>desk@example.org</author>
    <category>Politics</category>
    <category>Asia</category>
    <description>&lt;p&gt;First &lt;b&gt;paragraph&lt;/b&gt;.&lt;/p&gt;&lt;p&gt;Second.&lt;/p&gt;</description>
  </item>
  <item>
    <title>Second</title>
    <link>http://example.org/2</link>
    <description><![CDATA[<p>From CDATA &amp; more</p>]]></description>
  </item>
</channel>
</rss>
)";

TEST(FeedReaderTest, Rss2ItemsBecomeDocuments) {
  auto steps = read(kRss2);
  ASSERT_EQ(steps.size(), 2u);
  ASSERT_EQ(steps[0].kind, kDoc) << steps[0].message;
  const Document& d = steps[0].document;
  EXPECT_EQ(d.id, "item-1");
  EXPECT_EQ(d.title, "Talks & visits");
  EXPECT_EQ(d.url, "http://example.org/1");
  EXPECT_EQ(d.date, (Date{2003, 6, 10}));
  EXPECT_EQ(d.text, "First paragraph.\nSecond.");
  EXPECT_EQ(d.source, "KCNA Watch");
  EXPECT_EQ(d.lang, "en");
  EXPECT_EQ(d.origin, "f.rss:8");
  json meta = json::parse(d.metadata_json);
  EXPECT_EQ(meta["author"], "desk@example.org");
  EXPECT_EQ(meta["categories"], json::array({"Politics", "Asia"}));
}

TEST(FeedReaderTest, CdataDescriptionIsHtml) {
  auto steps = read(kRss2);
  ASSERT_EQ(steps[1].kind, kDoc) << steps[1].message;
  EXPECT_EQ(steps[1].document.text, "From CDATA & more");
  EXPECT_FALSE(steps[1].document.date.has_value());
}

TEST(FeedReaderTest, IdFallsBackToLink) {
  auto steps = read(kRss2);
  EXPECT_EQ(steps[1].document.id, "http://example.org/2");
}

TEST(FeedReaderTest, IdFallsBackToFileAndItemNumber) {
  auto steps = read(
      "<rss><channel><item><description>a</description></item>"
      "<item><description>b</description></item></channel></rss>",
      {}, "dir/feed.xml");
  ASSERT_EQ(steps.size(), 2u);
  EXPECT_EQ(steps[0].document.id, "dir/feed.xml#1");
  EXPECT_EQ(steps[1].document.id, "dir/feed.xml#2");
}

TEST(FeedReaderTest, DefaultSourceWinsOverChannelTitle) {
  ReaderOptions o;
  o.default_source = "KCNA";
  o.default_country = "PRK";
  auto steps = read(kRss2, o);
  EXPECT_EQ(steps[0].document.source, "KCNA");
  EXPECT_EQ(steps[0].document.country, "PRK");
  EXPECT_EQ(json::parse(steps[0].document.metadata_json)["feed_title"], "KCNA Watch");
}

TEST(FeedReaderTest, ContentEncodedIsPreferredOverDescription) {
  auto steps = read(R"(<rss xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
    <item><guid>g</guid><description>Short summary</description>
    <content:encoded><![CDATA[<p>Full</p><p>story</p>]]></content:encoded></item>
    </channel></rss>)");
  ASSERT_EQ(steps[0].kind, kDoc) << steps[0].message;
  EXPECT_EQ(steps[0].document.text, "Full\nstory");
}

TEST(FeedReaderTest, EmptyContentEncodedFallsBackToDescription) {
  auto steps = read(R"(<rss xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
    <item><guid>g</guid><content:encoded>  </content:encoded><description>Summary</description></item>
    </channel></rss>)");
  ASSERT_EQ(steps[0].kind, kDoc) << steps[0].message;
  EXPECT_EQ(steps[0].document.text, "Summary");
}

TEST(FeedReaderTest, Rss1RdfItemsAreRead) {
  auto steps = read(R"(<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="http://example.org/"><title>RDF feed</title><dc:language>es</dc:language></channel>
  <item rdf:about="http://example.org/a">
    <title>A</title><link>http://example.org/a</link>
    <description>Texto</description><dc:date>2012-11-30T09:00:00+09:00</dc:date>
  </item>
</rdf:RDF>)");
  ASSERT_EQ(steps.size(), 1u);
  ASSERT_EQ(steps[0].kind, kDoc) << steps[0].message;
  const Document& d = steps[0].document;
  EXPECT_EQ(d.id, "http://example.org/a");
  EXPECT_EQ(d.title, "A");
  EXPECT_EQ(d.text, "Texto");
  EXPECT_EQ(d.date, (Date{2012, 11, 30}));
  EXPECT_EQ(d.source, "RDF feed");
  EXPECT_EQ(d.lang, "es");
}

const char* const kAtom = R"(<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
  <title type="text">Atom &amp; Co</title>
  <entry>
    <title type="html">&lt;b&gt;Bold&lt;/b&gt; title</title>
    <id>urn:uuid:1225c695</id>
    <link rel="self" href="http://example.org/self"/>
    <link href="http://example.org/2003/12/13/atom03"/>
    <published>2003-12-13T18:30:02Z</published>
    <updated>2004-01-01T00:00:00Z</updated>
    <author><name>John Doe</name></author>
    <category term="news"/>
    <summary>Summary only</summary>
    <content type="html">&lt;p&gt;Escaped &lt;i&gt;HTML&lt;/i&gt;&lt;/p&gt;</content>
  </entry>
  <entry xml:lang="fr">
    <id>tag:example.org,2003:2</id>
    <updated>2003-12-14</updated>
    <summary>Résumé</summary>
  </entry>
  <entry>
    <id>x3</id>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>One</p><p>Two &amp; three</p></div></content>
  </entry>
  <entry>
    <id>x4</id>
    <content type="text">Line one
      Line   two</content>
  </entry>
</feed>
)";

TEST(FeedReaderTest, AtomEntriesBecomeDocuments) {
  auto steps = read(kAtom, {}, "f.atom");
  ASSERT_EQ(steps.size(), 4u);
  ASSERT_EQ(steps[0].kind, kDoc) << steps[0].message;
  const Document& d = steps[0].document;
  EXPECT_EQ(d.id, "urn:uuid:1225c695");
  EXPECT_EQ(d.title, "Bold title");
  EXPECT_EQ(d.url, "http://example.org/2003/12/13/atom03");
  EXPECT_EQ(d.date, (Date{2003, 12, 13}));
  EXPECT_EQ(d.text, "Escaped HTML");
  EXPECT_EQ(d.source, "Atom & Co");
  EXPECT_EQ(d.lang, "en");
  EXPECT_EQ(d.origin, "f.atom:4");
  json meta = json::parse(d.metadata_json);
  EXPECT_EQ(meta["author"], "John Doe");
  EXPECT_EQ(meta["categories"], json::array({"news"}));
}

TEST(FeedReaderTest, AtomSummaryAndUpdatedAreFallbacks) {
  auto steps = read(kAtom, {}, "f.atom");
  ASSERT_EQ(steps[1].kind, kDoc) << steps[1].message;
  EXPECT_EQ(steps[1].document.text, "R\xC3\xA9sum\xC3\xA9");
  EXPECT_EQ(steps[1].document.date, (Date{2003, 12, 14}));
  EXPECT_EQ(steps[1].document.lang, "fr");
}

TEST(FeedReaderTest, AtomXhtmlContentIsReducedToText) {
  auto steps = read(kAtom, {}, "f.atom");
  ASSERT_EQ(steps[2].kind, kDoc) << steps[2].message;
  EXPECT_EQ(steps[2].document.text, "One\nTwo & three");
}

TEST(FeedReaderTest, AtomTextContentKeepsItsLines) {
  auto steps = read(kAtom, {}, "f.atom");
  ASSERT_EQ(steps[3].kind, kDoc) << steps[3].message;
  EXPECT_EQ(steps[3].document.text, "Line one\nLine two");
}

TEST(FeedReaderTest, MediaContentIsNotAtomContent) {
  auto steps = read(R"(<rss xmlns:media="http://search.yahoo.com/mrss/"><channel><item>
    <guid>m</guid><media:content url="http://x/img.jpg">caption</media:content>
    <description>Real text</description></item></channel></rss>)");
  ASSERT_EQ(steps[0].kind, kDoc) << steps[0].message;
  EXPECT_EQ(steps[0].document.text, "Real text");
}

TEST(FeedReaderTest, UnparseableDateSkipsTheItemOnly) {
  auto steps = read(R"(<rss><channel>
<item><guid>a</guid><description>one</description></item>
<item><guid>b</guid><pubDate>someday</pubDate><description>two</description></item>
<item><guid>c</guid><description>three</description></item>
</channel></rss>)");
  ASSERT_EQ(steps.size(), 3u);
  EXPECT_EQ(steps[0].kind, kDoc);
  ASSERT_EQ(steps[1].kind, kSkip);
  EXPECT_EQ(steps[1].message, "f.rss:3: item 2: unparseable date \"someday\"");
  EXPECT_FALSE(steps[1].fatal);
  EXPECT_EQ(steps[2].document.id, "c");
}

TEST(FeedReaderTest, ItemWithoutTextIsSkipped) {
  auto steps = read(
      "<rss><channel>\n<item><guid>a</guid><title>Only title</title></item>\n"
      "</channel></rss>");
  ASSERT_EQ(steps.size(), 1u);
  ASSERT_EQ(steps[0].kind, kSkip);
  EXPECT_EQ(steps[0].message, "f.rss:2: item 1: no text");
}

TEST(FeedReaderTest, FeedWithoutItemsGivesNothing) {
  EXPECT_TRUE(read("<rss><channel><title>x</title></channel></rss>").empty());
}

TEST(FeedReaderTest, NotAFeedIsReported) {
  auto steps = read("<html><body><p>hi</p></body></html>");
  ASSERT_EQ(steps.size(), 1u);
  ASSERT_EQ(steps[0].kind, kSkip);
  EXPECT_EQ(steps[0].message, "f.rss:1: not an RSS or Atom feed (root element <html>)");
}

TEST(FeedReaderTest, EmptyOrGarbageInputIsReported) {
  for (const char* bytes : {"", "not xml at all", "\x01\x02\x03"}) {
    auto steps = read(bytes);
    ASSERT_EQ(steps.size(), 1u) << bytes;
    EXPECT_EQ(steps[0].kind, kSkip);
  }
}

TEST(FeedReaderTest, TruncatedFeedKeepsTheItemsBeforeTheCut) {
  std::string feed = "<rss><channel>";
  for (int i = 0; i < 5; ++i)
    feed += "<item><guid>g" + std::to_string(i) + "</guid><description>d</description></item>";
  feed += "<item><guid>broken</guid><descr";
  auto steps = read(feed);
  size_t docs = 0;
  for (const auto& s : steps) docs += s.kind == kDoc;
  EXPECT_GE(docs, 5u);
}

TEST(FeedReaderTest, InvalidUtf8WithoutDeclaredEncodingIsRejected) {
  auto steps =
      read("<rss><channel>\n<item><description>caf\xE9</description></item></channel></rss>");
  ASSERT_EQ(steps.size(), 1u);
  ASSERT_EQ(steps[0].kind, kSkip);
  EXPECT_EQ(steps[0].message, "f.rss:2: invalid UTF-8 at byte 37 and no encoding declared");
}

TEST(FeedReaderTest, DeclaredEncodingIsConverted) {
  auto steps = read(
      "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss><channel><item>"
      "<description>caf\xE9</description></item></channel></rss>");
  ASSERT_EQ(steps.size(), 1u);
  ASSERT_EQ(steps[0].kind, kDoc) << steps[0].message;
  EXPECT_EQ(steps[0].document.text, "caf\xC3\xA9");
}

// UTF-16LE with a byte order mark, from ASCII text.
std::string utf16le(const std::string& ascii) {
  std::string out = "\xFF\xFE";
  for (char c : ascii) {
    out += c;
    out += '\0';
  }
  return out;
}

TEST(FeedReaderTest, Utf16WithByteOrderMarkIsRead) {
  auto steps =
      read(utf16le("<rss><channel><item><guid>a</guid><description>wide</description>"
                   "</item></channel></rss>"));
  ASSERT_EQ(steps.size(), 1u);
  ASSERT_EQ(steps[0].kind, kDoc) << steps[0].message;
  EXPECT_EQ(steps[0].document.text, "wide");
}

TEST(FeedReaderTest, ExternalEntitiesAreNotResolved) {
  TempDir dir;
  write_file(dir.file("secret.txt"), "TOPSECRET");
  write_file(dir.file("evil.dtd"),
             "<!ENTITY leak SYSTEM \"file://" + dir.file("secret.txt") + "\">");
  std::string feed = "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n<!ENTITY xxe SYSTEM \"file://" +
                     dir.file("secret.txt") + "\">\n<!ENTITY % ext SYSTEM \"file://" +
                     dir.file("evil.dtd") +
                     "\">\n%ext;\n]>\n<rss><channel><title>&xxe;</title>"
                     "<item><guid>a</guid><description>before &xxe; &leak; after</description>"
                     "</item></channel></rss>";
  write_file(dir.file("feed.rss"), feed);
  auto r = open_reader(dir.file("feed.rss"), ReaderOptions{});
  ASSERT_TRUE(r.is_ok());
  for (const auto& s : drain(**r)) {
    EXPECT_EQ(s.message.find("TOPSECRET"), std::string::npos);
    EXPECT_EQ(s.document.text.find("TOPSECRET"), std::string::npos) << s.document.text;
    EXPECT_EQ(s.document.source.find("TOPSECRET"), std::string::npos);
    EXPECT_EQ(s.document.metadata_json.find("TOPSECRET"), std::string::npos);
  }
}

TEST(FeedReaderTest, EntityExpansionBombIsNotExpanded) {
  std::string feed = "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n<!ENTITY a \"aaaaaaaaaa\">\n";
  std::string prev = "a";
  for (char c = 'b'; c <= 'j'; ++c) {
    feed += std::string("<!ENTITY ") + c + " \"";
    for (int i = 0; i < 10; ++i) feed += "&" + prev + ";";
    feed += "\">\n";
    prev = std::string(1, c);
  }
  feed +=
      "]>\n<rss><channel><item><guid>x</guid><description>boom &j; end</description></item>"
      "</channel></rss>";
  auto steps = read(feed);
  for (const auto& s : steps) EXPECT_LT(s.document.text.size(), 1000u);
}

TEST(FeedReaderTest, OversizedFeedIsSkipped) {
  ReaderOptions o;
  o.max_record_bytes = 100;
  auto steps = read(kRss2, o);
  ASSERT_EQ(steps.size(), 1u);
  EXPECT_EQ(steps[0].message, "f.rss: feed larger than 100 bytes skipped");
}

TEST(FeedReaderTest, OpenReaderDetectsFeedsByContent) {
  TempDir dir;
  write_file(dir.file("feed"), kRss2);
  auto r = open_reader(dir.file("feed"), ReaderOptions{});
  ASSERT_TRUE(r.is_ok());
  auto steps = drain(**r);
  EXPECT_EQ(steps.size(), 2u);
}

std::string xml_escape(const std::string& s) {
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
      default:
        out += c;
    }
  }
  return out;
}

TEST(FeedReaderTest, PropertyItemsReadBackInOrder) {
  const auto word = rc::gen::nonEmpty(rc::gen::container<std::string>(
      rc::gen::element<char>('a', 'b', 'Z', '9', '&', '<', '>', '\'')));
  check_property([&] {
    auto items = *rc::gen::container<std::vector<std::vector<std::string>>>(
        rc::gen::nonEmpty(rc::gen::container<std::vector<std::string>>(word)));
    bool atom = *rc::gen::arbitrary<bool>();
    std::string feed = atom ? "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>F</title>"
                            : "<rss version=\"2.0\"><channel><title>F</title>";
    std::vector<std::string> expected;
    for (size_t i = 0; i < items.size(); ++i) {
      std::string text;
      for (const auto& w : items[i]) text += (text.empty() ? "" : " ") + w;
      expected.push_back(text);
      // The item text is HTML, escaped once more for XML: "&" becomes "&amp;amp;".
      std::string html = "<p>" + xml_escape(text) + "</p>";
      std::string id = "id-" + std::to_string(i);
      if (atom)
        feed += "<entry><id>" + id + "</id><content type=\"html\">" + xml_escape(html) +
                "</content></entry>";
      else
        feed += "<item><guid>" + id + "</guid><description>" + xml_escape(html) +
                "</description></item>";
    }
    feed += atom ? "</feed>" : "</channel></rss>";
    auto steps = read(feed);
    RC_ASSERT(steps.size() == items.size());
    for (size_t i = 0; i < items.size(); ++i) {
      RC_ASSERT(steps[i].kind == kDoc);
      RC_ASSERT(steps[i].document.id == "id-" + std::to_string(i));
      RC_ASSERT(steps[i].document.text == expected[i]);
      RC_ASSERT(steps[i].document.source == "F");
    }
  });
}

}  // namespace
}  // namespace fissure
