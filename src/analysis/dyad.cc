// Directed dyad series (see dyad.h and docs/signals.md, "Dyad series").
#include "fissure/analysis/dyad.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <thread>
#include <unordered_set>

#include "fissure/analysis/statistics.h"

namespace fissure::analysis {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// A per-row seed, so that one row's interval does not depend on which other rows were computed.
uint64_t row_seed(uint64_t seed, const std::string& speaker, const std::string& target,
                  int period) {
  uint64_t h = seed ^ 0xcbf29ce484222325ull;
  auto mix = [&h](unsigned char c) { h = (h ^ c) * 0x100000001b3ull; };
  for (char c : speaker) mix(static_cast<unsigned char>(c));
  mix('>');
  for (char c : target) mix(static_cast<unsigned char>(c));
  for (int i = 0; i < 4; ++i) mix(static_cast<unsigned char>(period >> (8 * i)));
  return h;
}

// The domain names of both directions, in one order, and each sentence's mask remapped to it.
std::vector<std::string> merge_domains(VoiceData* ab, VoiceData* ba) {
  std::vector<std::string> names = ab->domains;
  for (const std::string& d : ba->domains)
    if (std::find(names.begin(), names.end(), d) == names.end()) names.push_back(d);
  std::vector<uint32_t> remap(ba->domains.size());
  for (size_t i = 0; i < ba->domains.size(); ++i)
    remap[i] = static_cast<uint32_t>(std::find(names.begin(), names.end(), ba->domains[i]) -
                                     names.begin());
  for (VoiceSentence& v : ba->sentences) {
    uint32_t mask = 0;
    for (size_t i = 0; i < remap.size(); ++i)
      if (v.domain_mask & (1u << i)) mask |= 1u << remap[i];
    v.domain_mask = mask;
  }
  ba->domains = names;
  ab->domains = names;
  return names;
}

void add_direction(const VoiceData& voice, const std::vector<VolumeRow>& volume,
                   const DyadOptions& options, size_t domain_count, DyadSeries* out,
                   int64_t* unplaced) {
  const Resolution r = options.resolution;
  std::map<int, int64_t> speaker_sentences, speaker_documents;
  for (const VolumeRow& row : volume)
    if (auto p = period_of(row.date, r)) {
      speaker_sentences[*p] += row.sentences;
      speaker_documents[*p] += row.documents;
    }
  std::map<int, std::vector<const VoiceSentence*>> by_period;
  for (const VoiceSentence& v : voice.sentences) {
    if (auto p = period_of(v.date, r))
      by_period[*p].push_back(&v);
    else
      ++*unplaced;
  }
  // Every period in which the speaker has text, so that silence shows as attention 0.
  for (const auto& [period, _] : by_period) speaker_sentences.try_emplace(period, 0);
  for (const auto& [period, volume_sentences] : speaker_sentences) {
    DirectedPeriod row;
    row.speaker = voice.speaker;
    row.target = voice.target;
    row.period = period;
    row.label = period_label(period, r);
    row.speaker_sentences = volume_sentences;
    row.speaker_documents = speaker_documents[period];
    row.domain_share.assign(domain_count, 0.0);
    row.tone = row.tone_ci_low = row.tone_ci_high = row.goldstein_mean = kNaN;
    auto it = by_period.find(period);
    const std::vector<const VoiceSentence*> none;
    const auto& sentences = it == by_period.end() ? none : it->second;
    row.sentences = static_cast<int64_t>(sentences.size());
    row.attention = volume_sentences
                        ? static_cast<double>(row.sentences) / static_cast<double>(volume_sentences)
                        : kNaN;
    std::map<int64_t, Cluster> clusters;
    std::unordered_set<int64_t> documents;
    double goldstein = 0;
    int64_t events = 0;
    for (const VoiceSentence* v : sentences) {
      documents.insert(v->document_key);
      if (!std::isnan(v->tone)) {
        Cluster& c = clusters[v->document_key];
        c.sum += v->tone;
        c.sum_squares += v->tone * v->tone;
        c.n++;
        row.scored++;
      }
      for (int q = 1; q <= 4; ++q) {
        row.events[q] += v->quad_events[q];
        events += v->quad_events[q];
      }
      goldstein += v->goldstein_sum;
      for (size_t d = 0; d < domain_count; ++d)
        if (v->domain_mask & (1u << d)) row.domain_share[d] += 1;
    }
    row.documents = static_cast<int64_t>(documents.size());
    if (events) row.goldstein_mean = goldstein / static_cast<double>(events);
    if (row.sentences)
      for (double& share : row.domain_share) share /= static_cast<double>(row.sentences);
    row.enough_text = row.scored >= options.min_sentences;
    if (row.enough_text) {
      std::vector<Cluster> list;
      list.reserve(clusters.size());
      for (auto& [_, c] : clusters) list.push_back(c);
      Estimate e = bootstrap_mean(list, options.bootstrap_replicates, 0.95,
                                  row_seed(options.seed, row.speaker, row.target, period));
      row.tone = e.value;
      row.tone_ci_low = e.ci_low;
      row.tone_ci_high = e.ci_high;
    }
    out->rows.push_back(std::move(row));
  }
}

}  // namespace

bool valid_actor_code(const std::string& code) {
  if (code.size() < 2 || code.size() > 8) return false;
  return std::all_of(code.begin(), code.end(),
                     [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); });
}

Result<DyadSeries> compute_dyad(Archive& archive, const DyadOptions& options) {
  for (const std::string* code : {&options.a, &options.b})
    if (!valid_actor_code(*code))
      return Status::invalid(
          "'" + *code +
          "' is not an actor code (upper-case letters and digits, e.g. IRN, PRK, IAEA)");
  if (options.a == options.b)
    return Status::invalid("a dyad needs two different actors, not " + options.a + " twice");
  if (options.min_sentences < 1) return Status::invalid("--min-sentences must be at least 1");
  auto coded = archive_is_coded(archive);
  if (!coded) return coded.status();
  if (!*coded)
    return Status::not_found(archive.path() + " has no coded sentences: run `fissure code --db " +
                             archive.path() + "` first");

  // Both sides are read at once, each on its own connection: the reads are independent scans.
  Result<SpeakerVoice> voice_b = Status::internal("not read");
  std::thread reader_b([&] {
    auto second = Archive::open(archive.path(), Archive::Mode::kReadOnly);
    if (second) (*second)->set_deadline(archive.deadline());
    voice_b = second ? load_speaker_voice(**second, options.b, options.scope)
                     : Result<SpeakerVoice>(second.status());
  });
  auto voice_a = load_speaker_voice(archive, options.a, options.scope);
  reader_b.join();
  if (!voice_a) return voice_a.status();
  if (!voice_b) return voice_b.status();
  for (const SpeakerVoice* voice : {&*voice_a, &*voice_b}) {
    if (!voice->volume.empty()) continue;
    bool scoped =
        !options.scope.from.empty() || !options.scope.to.empty() || !options.scope.domain.empty();
    return Status::not_found(voice->speaker + " speaks in no coded English sentence of " +
                             archive.path() + (scoped ? " in the dates and domain asked for" : "") +
                             ": is it the right code (ISO 3166-1 alpha-3, e.g. IRN, PRK)?");
  }
  auto named = [](const SpeakerVoice& voice, const std::string& target) {
    auto it = voice.by_target.find(target);
    return it != voice.by_target.end() && !it->second.sentences.empty();
  };
  if (!named(*voice_a, options.b) && !named(*voice_b, options.a))
    return Status::not_found("no shared text: " + options.a + " never names " + options.b +
                             " and " + options.b + " never names " + options.a + " in " +
                             archive.path());
  for (auto& [voice, target] :
       {std::pair{&*voice_a, &options.b}, std::pair{&*voice_b, &options.a}}) {
    auto it = voice->by_target.find(*target);
    if (it != voice->by_target.end())
      if (Status st = add_events(archive, &it->second); !st) return st;
  }
  return build_dyad(options, std::move(*voice_a), std::move(*voice_b));
}

DyadSeries build_dyad(const DyadOptions& options, SpeakerVoice voice_a, SpeakerVoice voice_b) {
  DyadSeries out;
  out.options = options;
  auto about = [](const SpeakerVoice& voice, const std::string& target) {
    auto it = voice.by_target.find(target);
    if (it != voice.by_target.end()) return it->second;
    VoiceData empty;
    empty.speaker = voice.speaker;
    empty.target = target;
    empty.domains = voice.domains;
    return empty;
  };
  out.ab = about(voice_a, options.b);
  out.ba = about(voice_b, options.a);
  out.volume_a = voice_a.volume;
  out.volume_b = voice_b.volume;
  out.voice_a = std::make_shared<const SpeakerVoice>(std::move(voice_a));
  out.voice_b = std::make_shared<const SpeakerVoice>(std::move(voice_b));
  out.domains = merge_domains(&out.ab, &out.ba);
  add_direction(out.ab, out.volume_a, options, out.domains.size(), &out, &out.unplaced_ab);
  add_direction(out.ba, out.volume_b, options, out.domains.size(), &out, &out.unplaced_ba);
  return out;
}

}  // namespace fissure::analysis
