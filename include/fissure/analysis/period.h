// Periods of a series: calendar years, quarters or months, and which period a document's date
// falls in. A document dated less precisely than the resolution (a year-only UN speech in a
// monthly series) falls in no period; callers count such documents as "not placed".
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "fissure/store/voice_data.h"
#include "fissure/util/status.h"

namespace fissure::analysis {

enum class Resolution { kYear, kQuarter, kMonth };

// "year", "quarter" or "month".
Result<Resolution> parse_resolution(std::string_view name);
const char* resolution_name(Resolution r);

// Periods are numbered so that consecutive periods differ by one: year*1, year*4+q, year*12+m.
int period_index(int year, int month, Resolution r);
// "2019", "2019-Q3", "2019-07".
std::string period_label(int index, Resolution r);
// The period of a document date, or nullopt when undated or not precise enough.
std::optional<int> period_of(const DocumentDate& date, Resolution r);
// The first and last day of a period, yyyy-mm-dd.
std::string period_first_day(int index, Resolution r);
std::string period_last_day(int index, Resolution r);

}  // namespace fissure::analysis
