// The JSON forms of fissure's results: what `fissure <command> --format json` prints and what the
// HTTP API (`fissure serve`, docs/api.md) answers, built in one place so the two never drift.
// Part of the api layer, which sits on report and everything before it. Numbers that are not
// defined (NaN: too little text) are null.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "fissure/analysis/alignment.h"
#include "fissure/analysis/findings.h"
#include "fissure/report/digest.h"
#include "fissure/store/archive.h"
#include "fissure/store/document_view.h"
#include "fissure/store/search.h"

namespace fissure::api {

using Json = nlohmann::json;

Json number_or_null(double v);
Json coding_json(const CodingSummary& coding);
Json search_json(const SearchResults& results);
// {"country": [{"value", "count"}], "source": [...], "year": [...]}
Json facets_json(const SearchFacets& facets);
Json kwic_json(const KwicResults& results);
Json stats_json(const ArchiveStats& stats);
Json document_json(const DocumentView& document);
Json series_json(const analysis::DyadSeries& series);
Json findings_json(const analysis::Cracks& cracks);
Json finding_json(const analysis::Finding& finding, int rank);
Json alignment_json(const AlignmentMatrix& matrix, const AlignmentRequest& request);
Json digest_json(const report::Digest& digest);

// The sentence with the marked actor's mentions in **bold** (markdown), for text output.
std::string marked_quote(const Quote& quote);

// Serialises for output: invalid UTF-8 in stored text is replaced, never an exception.
std::string dump(const Json& j, int indent = -1);

}  // namespace fissure::api
