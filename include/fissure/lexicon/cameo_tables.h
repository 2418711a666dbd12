// CAMEO lookups: code descriptions, the Goldstein conflict-cooperation scale, the quad class of a
// code and its PLOVER event type (../shared/reference/cameo and ../shared/reference/plover).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fissure/util/status.h"

namespace fissure {

struct PloverMapping {
  std::string event;    // AGREE, CONSULT, ... ASSAULT
  std::string mode;     // may be empty
  std::string context;  // may be empty
};

class CameoTables {
 public:
  // Parses the GDELT TSVs (CAMEO.eventcodes.txt, CAMEO.goldsteinscale.txt) and
  // CAMEO2PLOVER-2021.txt; malformed lines go to problems as "FILE:LINE: reason".
  static CameoTables parse(std::string_view eventcodes, std::string_view goldstein,
                           std::string_view plover, std::vector<std::string>* problems = nullptr);
  // Reads <cameo_dir>/CAMEO.eventcodes.txt, CAMEO.goldsteinscale.txt and
  // <plover_dir>/CAMEO2PLOVER-2021.txt (an empty plover_dir skips PLOVER).
  static Result<CameoTables> load(const std::string& cameo_dir, const std::string& plover_dir,
                                  std::vector<std::string>* problems = nullptr);

  std::optional<std::string> description(std::string_view code) const;
  // Goldstein score of the code, else of its 3- then 2-digit parent.
  std::optional<double> goldstein(std::string_view code) const;
  // PLOVER mapping of the code, else of its 3- then 2-digit parent.
  std::optional<PloverMapping> plover(std::string_view code) const;
  size_t size() const { return descriptions_.size(); }

  // 1 verbal cooperation (01-05), 2 material cooperation (06-08), 3 verbal conflict (09-13),
  // 4 material conflict (14-20); 0 when the code has no numeric root in 01-20.
  static int quad_class(std::string_view code);

 private:
  std::map<std::string, std::string, std::less<>> descriptions_;
  std::map<std::string, double, std::less<>> goldstein_;
  std::map<std::string, PloverMapping, std::less<>> plover_;
};

}  // namespace fissure
