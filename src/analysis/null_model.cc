// Shuffled speakers (see null_model.h).
#include "fissure/analysis/null_model.h"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "fissure/analysis/statistics.h"

namespace fissure::analysis {
namespace {

// The merged domain list and, per voice, where each of its domain bits goes in it.
std::vector<std::string> merge_domain_names(const SpeakerVoice& a, const SpeakerVoice& b,
                                            std::vector<uint32_t>* remap_a,
                                            std::vector<uint32_t>* remap_b) {
  std::vector<std::string> names;
  auto index = [&names](const std::string& d) {
    auto it = std::find(names.begin(), names.end(), d);
    if (it != names.end()) return static_cast<uint32_t>(it - names.begin());
    names.push_back(d);
    return static_cast<uint32_t>(names.size() - 1);
  };
  for (const std::string& d : a.domains) remap_a->push_back(index(d));
  for (const std::string& d : b.domains) remap_b->push_back(index(d));
  return names;
}

uint32_t remapped(uint32_t mask, const std::vector<uint32_t>& remap) {
  uint32_t out = 0;
  for (size_t i = 0; i < remap.size() && i < 32; ++i)
    if (mask & (1u << i)) out |= 1u << remap[i];
  return out;
}

}  // namespace

std::pair<SpeakerVoice, SpeakerVoice> shuffle_speakers(const SpeakerVoice& a, const SpeakerVoice& b,
                                                       uint64_t seed) {
  // Deal: a random permutation of all documents; the first |a| go to a.
  std::vector<int64_t> keys;
  for (const DocumentVolume& d : a.documents) keys.push_back(d.key);
  for (const DocumentVolume& d : b.documents) keys.push_back(d.key);
  Random rng(seed);
  for (size_t i = keys.size(); i > 1; --i) std::swap(keys[i - 1], keys[rng.below(i)]);
  std::unordered_map<int64_t, int> side;  // 0: a, 1: b
  for (size_t i = 0; i < keys.size(); ++i) side[keys[i]] = i < a.documents.size() ? 0 : 1;

  SpeakerVoice out[2];
  out[0].speaker = a.speaker;
  out[1].speaker = b.speaker;
  std::vector<uint32_t> remap_a, remap_b;
  out[0].domains = out[1].domains = merge_domain_names(a, b, &remap_a, &remap_b);
  std::map<std::pair<std::string, char>, VolumeRow> volume[2];
  for (const SpeakerVoice* voice : {&a, &b}) {
    for (const DocumentVolume& d : voice->documents) {
      const int s = side.at(d.key);
      out[s].documents.push_back(d);
      VolumeRow& row = volume[s][{d.date.start, d.date.precision}];
      row.date = d.date;
      row.sentences += d.sentences;
      row.documents++;
      row.tone_sum += d.tone_sum;
      row.tone_n += d.tone_n;
    }
  }
  for (const auto& [voice, remap] : {std::pair{&a, &remap_a}, std::pair{&b, &remap_b}}) {
    for (const auto& [target, data] : voice->by_target) {
      for (const VoiceSentence& sentence : data.sentences) {
        auto it = side.find(sentence.document_key);
        if (it == side.end()) continue;
        SpeakerVoice& dst = out[it->second];
        // A sentence about the partner stays a sentence about the partner: Iran's words on North
        // Korea dealt to North Korea's side become words on Iran. Otherwise each direction of
        // the dyad would keep its own outlet's text and the shuffle would remove nothing.
        const SpeakerVoice& other = voice == &a ? b : a;
        std::string about = target;
        if (target == other.speaker) about = &dst == &out[0] ? b.speaker : a.speaker;
        if (about == dst.speaker) continue;  // cannot happen for the partner; kept for others
        VoiceData& v = dst.by_target[about];
        v.speaker = dst.speaker;
        v.target = about;
        VoiceSentence moved = sentence;
        moved.domain_mask = remapped(sentence.domain_mask, *remap);
        v.sentences.push_back(moved);
      }
    }
  }
  for (int s = 0; s < 2; ++s) {
    for (auto& [_, row] : volume[s]) out[s].volume.push_back(row);
    for (auto& [_, v] : out[s].by_target) v.domains = out[s].domains;
    std::sort(out[s].documents.begin(), out[s].documents.end(),
              [](const DocumentVolume& x, const DocumentVolume& y) { return x.key < y.key; });
  }
  return {std::move(out[0]), std::move(out[1])};
}

}  // namespace fissure::analysis
