// Synthetic voices with planted effects for the signal tests: each speaker writes documents
// month by month; each document has a few sentences about a target, whose tone is the planted
// mean for that month plus a document effect plus sentence noise (sentences of one article lean
// together, as they do in real text).
#pragma once

#include <cmath>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "fissure/analysis/statistics.h"
#include "fissure/store/voice_data.h"

namespace fissure::testing {

struct TargetPlan {
  std::string target;
  std::function<double(int month)> tone;    // planted mean tone
  std::function<int(int month)> documents;  // documents about the target that month
  int sentences_per_document = 3;
  uint32_t domain_mask = 0;  // bit i of domains
};

class VoiceBuilder {
 public:
  VoiceBuilder(std::string speaker, uint64_t seed) : rng_(seed) {
    voice_.speaker = std::move(speaker);
  }

  VoiceBuilder& domains(std::vector<std::string> names) {
    voice_.domains = std::move(names);
    return *this;
  }

  // The speaker's whole output per month (attention's denominator) and its mean sentence tone.
  VoiceBuilder& volume(int months, int sentences_per_month, double baseline_tone = 0.05) {
    for (int m = 0; m < months; ++m) {
      // The month's other documents: 20 of them share what the speaker says about nothing
      // in particular, at its baseline tone.
      for (int d = 0; d < 20; ++d) {
        DocumentVolume doc;
        doc.key = ++next_document_;
        doc.date = date(m);
        doc.sentences = doc.tone_n = sentences_per_month / 20;
        doc.tone_sum = baseline_tone * static_cast<double>(doc.tone_n) + 0.05 * normal();
        voice_.documents.push_back(doc);
      }
      VolumeRow row;
      row.date = date(m);
      row.sentences = sentences_per_month;
      row.documents = sentences_per_month / 20;
      row.tone_n = sentences_per_month;
      row.tone_sum = baseline_tone * sentences_per_month;
      voice_.volume.push_back(row);
    }
    months_ = months;
    return *this;
  }

  VoiceBuilder& about(const TargetPlan& plan) {
    VoiceData& v = voice_.by_target[plan.target];
    v.speaker = voice_.speaker;
    v.target = plan.target;
    v.domains = voice_.domains;
    for (int m = 0; m < months_; ++m) {
      for (int d = 0; d < plan.documents(m); ++d) {
        const int64_t document = ++next_document_;
        const double document_effect = 0.1 * normal();
        DocumentVolume doc;
        doc.key = document;
        doc.date = date(m);
        for (int s = 0; s < plan.sentences_per_document; ++s) {
          VoiceSentence sentence;
          sentence.sentence_id = ++next_sentence_;
          sentence.document_key = document;
          sentence.date = date(m);
          sentence.tone = std::clamp(plan.tone(m) + document_effect + 0.3 * normal(), -1.0, 1.0);
          sentence.domain_mask = plan.domain_mask;
          v.sentences.push_back(sentence);
          doc.sentences++;
          doc.tone_n++;
          doc.tone_sum += sentence.tone;
        }
        voice_.documents.push_back(doc);
      }
    }
    return *this;
  }

  SpeakerVoice build() {
    for (auto& [_, v] : voice_.by_target) v.domains = voice_.domains;
    return voice_;
  }

  // Month m from January 2015, as a day-precision document date.
  static DocumentDate date(int m) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-15", 2015 + m / 12, m % 12 + 1);
    return {buf, 'd'};
  }

 private:
  double normal() {
    double u = std::max(rng_.uniform(), 1e-12), v = rng_.uniform();
    return std::sqrt(-2 * std::log(u)) * std::cos(2 * M_PI * v);
  }

  analysis::Random rng_;
  SpeakerVoice voice_;
  int months_ = 0;
  int64_t next_document_ = 0, next_sentence_ = 0;
};

}  // namespace fissure::testing
