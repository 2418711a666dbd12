// A small two-sided corpus for tests of the pair analyses and the API: a year of documents in
// which Iran speaks warmly of North Korea and KCNA harshly of Iran, each document with filler
// text of its own (so attention is below 1 and nothing is a near-duplicate).
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "test_support.h"

namespace fissure::testing {

// An English sentence of words drawn from a small vocabulary by a fixed generator.
inline std::string filler(int seed) {
  static const char* words[] = {
      "farmers",  "rice",    "province", "weather",  "river",  "school",   "bridge",  "mild",
      "harvest",  "museum",  "railway",  "students", "autumn", "festival", "valley",  "market",
      "library",  "orchard", "factory",  "coast",    "garden", "village",  "theatre", "workers",
      "mountain", "winter",  "bakery",   "stadium",  "forest", "lake"};
  uint32_t state = static_cast<uint32_t>(seed) * 2654435761u + 12345u;
  auto word = [&] {
    state = state * 1664525u + 1013904223u;
    return std::string(words[(state >> 16) % 30]);
  };
  // Function words make it English to the language check, so it counts in the speaker's volume.
  std::string out = "It was said that the " + word() + " of the " + word();
  for (int i = 0; i < 8; ++i) out += " and the " + word() + " of the " + word();
  return out + " were in the news.";
}

// 2019, four documents a month from each side: ids ir-M-D (Iran Daily, IRN) and kp-M-D (KCNA).
inline std::vector<Doc> pair_documents() {
  std::vector<Doc> docs;
  const char* iran[] = {
      "Iran warmly welcomes the friendly cooperation with North Korea.",
      "Tehran praised the great friendship between Iran and the DPRK.",
      "Iran and North Korea signed a fruitful agreement on trade and cultural exchange.",
  };
  const char* korea[] = {
      "The DPRK strongly condemns Iran for its shameful betrayal.",
      "Iran's reckless and hostile stand is a grave threat to peace, the KCNA said.",
      "Pyongyang denounced the treacherous Iranian authorities.",
  };
  for (int month = 1; month <= 12; ++month) {
    for (int d = 0; d < 4; ++d) {
      char date[16];
      std::snprintf(date, sizeof date, "2019-%02d-%02d", month, 3 + d * 7);
      std::string text_iran, text_korea;
      for (int s = 0; s < 3; ++s) {
        text_iran += std::string(iran[(s + d) % 3]) + " ";
        text_korea += std::string(korea[(s + d + month) % 3]) + " ";
      }
      text_iran += filler(month * 10 + d) + " ";
      text_korea += filler(month * 10 + d + 500) + " ";
      std::string id = std::to_string(month) + "-" + std::to_string(d);
      docs.emplace_back("ir-" + id, text_iran, date, "Iran Daily", "IRN");
      docs.emplace_back("kp-" + id, text_korea, date, "KCNA", "PRK");
    }
  }
  return docs;
}

}  // namespace fissure::testing
