// Words for codes and kinds, shared by the report and the digest. Private to src/report/.
#pragma once

#include <string>

#include "fissure/analysis/findings.h"

namespace fissure::report {

// "Iran (IRN)" for codes with a well-known name, else the code.
std::string actor_name(const std::string& code);
// "Reciprocity gap" for "reciprocity_gap".
std::string kind_title(const std::string& kind);
// What the magnitude of a kind measures, in a few words.
std::string kind_unit(const std::string& kind);
// Kinds that compare the two sides rather than follow one direction.
bool pair_level(const std::string& kind);
// "IRN vs PRK" for a pair-level finding, "IRN → PRK" for a directed one.
std::string who(const analysis::Finding& f);
// "IRN → PRK".
std::string direction(const std::string& speaker, const std::string& target);
// "magnitude +0.120, 95% interval [0.05, 0.19], p = 0.0012 (1 of 12 tests)".
std::string finding_figures(const analysis::Finding& f);

}  // namespace fissure::report
