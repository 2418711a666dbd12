// The small pieces every HTML page of the report layer is built from: escaping (everything that
// comes from an archive is text, never markup), quotes with marked spans, number formatting.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fissure::report {

// Replaces invalid UTF-8 with U+FFFD so that a page is valid whatever the archive holds.
std::string valid_utf8(std::string_view s);

// Text for HTML element content and double- or single-quoted attribute values: & < > " ' are
// escaped, invalid UTF-8 is replaced, and control characters other than tab and newline are
// dropped (they are not allowed in HTML).
std::string escape_html(std::string_view s);

// The text escaped, with each byte range [start, end) wrapped in <mark>. Ranges are UTF-8 byte
// offsets into `text`; ranges outside the text, empty or overlapping an earlier one are ignored,
// and ends inside a multi-byte character are moved to the character's boundary.
std::string mark_spans(std::string_view text, std::vector<std::pair<int, int>> spans);

// An id attribute value made of [A-Za-z0-9_-] only: `prefix` then the hex of anything else.
std::string anchor_id(std::string_view prefix, std::string_view key);

// "0.123", "-0.050", "+0.12" (with_sign), "–" for NaN or infinity.
std::string format_number(double v, int decimals, bool with_sign = false);
// "12.3%" from a share in [0, 1]; "–" for NaN.
std::string format_percent(double share, int decimals = 1);
// "[low, high]" or "" when either bound is not finite.
std::string format_interval(double low, double high, int decimals);
// "0.0012" or "<1e-6".
std::string format_p_value(double p);
// An integer with thin thousands separators: 1 234 567.
std::string format_count(long long n);
// The current time as "2026-11-29 12:00 UTC", for "generated at" lines.
std::string utc_now();

}  // namespace fissure::report
