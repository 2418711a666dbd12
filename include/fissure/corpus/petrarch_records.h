// PETRARCH/TABARI validation records: <Sentence date id category> with <Text>, an optional
// <Parse> (ignored) and the expected <EventCoding sourcecode targetcode eventcode/>. The files
// use loose markup (comments inside, unclosed tags), so the reader is lenient: it looks for the
// pieces it needs and reports records it cannot use as "FILE:LINE: reason".
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace fissure {

struct ExpectedCoding {
  std::string source;
  std::string target;
  std::string event;
};

struct PetrarchRecord {
  std::string id;
  std::string date;  // yyyymmdd as written, or ""
  std::string category;
  std::string text;  // entities decoded, whitespace runs folded to one space
  std::vector<ExpectedCoding> codings;
  bool no_events = false;  // <EventCoding noevents="True"> or error="...": nothing may be coded
  std::string error;       // the error="..." value, if any
  int line = 0;            // line of the <Sentence> tag
};

struct PetrarchRecordSet {
  std::vector<PetrarchRecord> records;
  // <Environment>: Verbfile, Actorfile, Agentfile, Discardfile, ... → file name.
  std::map<std::string, std::string> environment;
  std::vector<std::string> problems;
  int skipped = 0;  // records left out (no text at all)
};

PetrarchRecordSet parse_petrarch_records(std::string_view content, const std::string& file);

}  // namespace fissure
