#include "fissure/analysis/alignment.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <initializer_list>
#include <string>

#include "fissure/corpus/date.h"

namespace fissure {
namespace {

// Joins pieces with appends: GCC 12 warns falsely (-Wrestrict) on long operator+ chains.
std::string cat(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (auto p : parts) out.append(p);
  return out;
}

std::string iso_day(const Date& d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  return buf;
}

// Only the plain calendar forms: a timestamp is not a period.
Result<Date> parse_period_end(std::string_view s) {
  if (s.size() != 4 && s.size() != 7 && s.size() != 10)
    return Status::invalid(cat({"\"", s, "\" is not a date (yyyy, yyyy-mm or yyyy-mm-dd)"}));
  auto d = parse_iso_date(s);
  if (!d) return Status::invalid(cat({"\"", s, "\" is not a date (yyyy, yyyy-mm or yyyy-mm-dd)"}));
  return *d;
}

// One speaker's raw (uncentred) tones toward every target it mentions often enough.
struct RawTone {
  int32_t code_target = 0;  // index into AlignmentData::codes
  double tone = 0;
  int32_t documents = 0;
  int32_t mentions = 0;
};

}  // namespace

const char* similarity_name(AlignmentSimilarity s) {
  switch (s) {
    case AlignmentSimilarity::kCosine:
      return "cosine";
    case AlignmentSimilarity::kS:
      return "s";
    case AlignmentSimilarity::kAttention:
      return "attention";
    case AlignmentSimilarity::kPearson:
      break;
  }
  return "pearson";
}

Result<AlignmentSimilarity> parse_similarity(std::string_view name) {
  for (auto s : {AlignmentSimilarity::kPearson, AlignmentSimilarity::kCosine,
                 AlignmentSimilarity::kS, AlignmentSimilarity::kAttention})
    if (name == similarity_name(s)) return s;
  return Status::invalid(
      cat({"unknown similarity \"", name, "\" (pearson, cosine, s, attention)"}));
}

Result<AlignmentPeriod> parse_alignment_period(std::string_view text) {
  AlignmentPeriod p;
  p.label = std::string(text);
  std::string_view from = text, to = text;
  if (auto dots = text.find(".."); dots != std::string_view::npos) {
    from = text.substr(0, dots);
    to = text.substr(dots + 2);
  }
  if (from.empty() || to.empty())
    return Status::invalid(
        cat({"period \"", p.label, "\": expected yyyy, yyyy-mm, yyyy-mm-dd or FROM..TO"}));
  auto a = parse_period_end(from);
  const std::string context = cat({"period \"", p.label, "\""});
  if (!a) return a.status().with_context(context);
  auto b = parse_period_end(to);
  if (!b) return b.status().with_context(context);
  p.from = iso_day(a->first_day());
  p.to = iso_day(b->last_day());
  if (p.from > p.to) return Status::invalid(cat({context, ": it ends before it starts"}));
  return p;
}

const AlignmentPair& AlignmentMatrix::pair(size_t i, size_t j) const {
  if (i > j) std::swap(i, j);
  // Row i holds the pairs (i, i+1) .. (i, n-1); rows before it hold n-1, n-2, ... pairs.
  const size_t n = speakers.size();
  const size_t row_start = i * (2 * n - i - 1) / 2;
  return pairs[row_start + (j - i - 1)];
}

int32_t AlignmentMatrix::speaker_index(std::string_view code) const {
  auto it =
      std::lower_bound(speakers.begin(), speakers.end(), code,
                       [](const SpeakerProfile& s, std::string_view c) { return s.code < c; });
  if (it == speakers.end() || it->code != code) return -1;
  return static_cast<int32_t>(it - speakers.begin());
}

void SpeakerProfiles::build(const AlignmentData& data, const AlignmentOptions& options,
                            AlignmentMatrix* out) {
  const auto& obs = data.observations;
  const size_t ncodes = data.codes.size();
  // Pass 1: document-clustered mean per (speaker, target); observations are sorted by speaker,
  // target, document, so each group and each document within it is a run.
  std::vector<std::vector<RawTone>> raw(ncodes);
  std::vector<int64_t> speaker_mentions(ncodes, 0);
  for (size_t i = 0; i < obs.size();) {
    const int32_t speaker = obs[i].speaker, target = obs[i].target;
    double sum_of_document_means = 0;
    int32_t documents = 0, mentions = 0;
    while (i < obs.size() && obs[i].speaker == speaker && obs[i].target == target) {
      const int64_t doc = obs[i].document;
      double sum = 0;
      int32_t n = 0;
      for (; i < obs.size() && obs[i].speaker == speaker && obs[i].target == target &&
             obs[i].document == doc;
           ++i) {
        sum += obs[i].tone;
        ++n;
      }
      sum_of_document_means += sum / n;
      ++documents;
      mentions += n;
    }
    speaker_mentions[speaker] += mentions;
    if (mentions >= options.min_mentions)
      raw[speaker].push_back({target, sum_of_document_means / documents, documents, mentions});
  }

  // Pass 2: keep the targets enough speakers speak of; the assembly's mean tone toward each.
  std::vector<int32_t> speakers_of(ncodes, 0);
  std::vector<double> tone_sum(ncodes, 0);
  for (const auto& tones : raw)
    for (const auto& t : tones) {
      ++speakers_of[t.code_target];
      tone_sum[t.code_target] += t.tone;
    }
  std::vector<int32_t> target_index(ncodes, -1);
  out->targets.clear();
  for (size_t c = 0; c < ncodes; ++c)
    if (speakers_of[c] >= options.min_speakers_per_target) {
      target_index[c] = static_cast<int32_t>(out->targets.size());
      out->targets.push_back(data.codes[c]);
    }

  // Pass 3: profiles over the kept targets; speakers with too few of them cannot be compared.
  out->speakers.clear();
  out->left_out.clear();
  for (size_t s = 0; s < ncodes; ++s) {
    if (speaker_mentions[s] == 0) continue;
    SpeakerProfile p;
    p.code = data.codes[s];
    p.mentions = speaker_mentions[s];
    for (const auto& t : raw[s]) {
      const int32_t k = target_index[t.code_target];
      if (k < 0) continue;
      const double consensus = tone_sum[t.code_target] / speakers_of[t.code_target];
      p.tones.push_back({k, options.centre_targets ? t.tone - consensus : t.tone, t.tone,
                         t.documents, t.mentions});
    }
    // Codes are sorted, so kept-target indices follow code order and tones stay sorted.
    if (static_cast<int>(p.tones.size()) < options.min_shared_targets) {
      out->left_out.push_back(p.code);
      continue;
    }
    out->speakers.push_back(std::move(p));
  }
}

namespace {

// Calls f(a's tone, b's tone) for every target both profiles have; tones are sorted by target.
template <typename F>
void for_each_shared(const SpeakerProfile& a, const SpeakerProfile& b, F f) {
  auto i = a.tones.begin(), j = b.tones.begin();
  while (i != a.tones.end() && j != b.tones.end()) {
    if (i->target < j->target) {
      ++i;
    } else if (j->target < i->target) {
      ++j;
    } else {
      f(*i, *j);
      ++i;
      ++j;
    }
  }
}

// Cosine of the two speakers' attention vectors, log(1 + mentions) per kept target.
AlignmentPair attention_cosine(const SpeakerProfile& a, const SpeakerProfile& b, int32_t exclude_a,
                               int32_t exclude_b) {
  auto weight = [](const TargetTone& t) { return std::log1p(static_cast<double>(t.mentions)); };
  auto excluded = [&](int32_t target) { return target == exclude_a || target == exclude_b; };
  double aa = 0, bb = 0, ab = 0;
  int32_t shared = 0;
  for (const auto& t : a.tones)
    if (!excluded(t.target)) aa += weight(t) * weight(t);
  for (const auto& t : b.tones)
    if (!excluded(t.target)) bb += weight(t) * weight(t);
  for_each_shared(a, b, [&](const TargetTone& x, const TargetTone& y) {
    if (excluded(x.target)) return;
    ab += weight(x) * weight(y);
    ++shared;
  });
  AlignmentPair out;
  out.shared_targets = shared;
  if (aa > 0 && bb > 0) out.alignment = std::clamp(ab / std::sqrt(aa * bb), 0.0, 1.0);
  return out;
}

}  // namespace

AlignmentPair ThirdPartySimilarity::compare(const SpeakerProfile& a, const SpeakerProfile& b,
                                            int32_t exclude_a, int32_t exclude_b, int min_shared,
                                            AlignmentSimilarity similarity) {
  if (similarity == AlignmentSimilarity::kAttention)
    return attention_cosine(a, b, exclude_a, exclude_b);
  AlignmentPair out;
  // Sums for Pearson's r, shifted by the first shared pair's values to keep the one-pass formula
  // well conditioned.
  double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0, x0 = 0, y0 = 0;
  double raw_xx = 0, raw_yy = 0, raw_xy = 0, abs_diff = 0;
  int32_t n = 0;
  for_each_shared(a, b, [&](const TargetTone& x, const TargetTone& y) {
    if (x.target == exclude_a || x.target == exclude_b) return;
    if (n == 0) {
      x0 = x.tone;
      y0 = y.tone;
    }
    const double dx = x.tone - x0, dy = y.tone - y0;
    sx += dx;
    sy += dy;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
    raw_xx += x.tone * x.tone;
    raw_yy += y.tone * y.tone;
    raw_xy += x.tone * y.tone;
    abs_diff += std::abs(x.tone - y.tone);
    ++n;
  });
  out.shared_targets = n;
  if (n < std::max(min_shared, 2)) return out;
  if (similarity == AlignmentSimilarity::kS) {
    out.alignment = std::clamp(1 - abs_diff / n, -1.0, 1.0);
    return out;
  }
  if (similarity == AlignmentSimilarity::kCosine) {
    if (raw_xx <= 1e-12 * n || raw_yy <= 1e-12 * n) return out;
    out.alignment = std::clamp(raw_xy / std::sqrt(raw_xx * raw_yy), -1.0, 1.0);
    return out;
  }
  const double vx = sxx - sx * sx / n, vy = syy - sy * sy / n, cov = sxy - sx * sy / n;
  // Identical tone toward every shared target (often all zeros): no variation, no correlation.
  if (vx <= 1e-12 * n || vy <= 1e-12 * n) return out;
  out.alignment = std::clamp(cov / std::sqrt(vx * vy), -1.0, 1.0);
  return out;
}

AlignmentMatrix compute_alignment(const AlignmentData& data, const AlignmentOptions& options) {
  AlignmentMatrix m;
  m.options = options;
  SpeakerProfiles::build(data, options, &m);
  const size_t n = m.speakers.size();
  std::vector<int32_t> own(n, -1);
  for (size_t s = 0; s < n; ++s) {
    auto it = std::lower_bound(m.targets.begin(), m.targets.end(), m.speakers[s].code);
    if (it != m.targets.end() && *it == m.speakers[s].code)
      own[s] = static_cast<int32_t>(it - m.targets.begin());
  }
  m.pairs.reserve(n * (n > 0 ? n - 1 : 0) / 2);
  for (size_t a = 0; a < n; ++a)
    for (size_t b = a + 1; b < n; ++b) {
      AlignmentPair p =
          ThirdPartySimilarity::compare(m.speakers[a], m.speakers[b], own[a], own[b],
                                        options.min_shared_targets, options.similarity);
      p.a = static_cast<int32_t>(a);
      p.b = static_cast<int32_t>(b);
      m.pairs.push_back(p);
    }
  return m;
}

Result<AlignmentMatrix> align_period(Archive& archive, const AlignmentRequest& request) {
  const auto& o = request.options;
  if (o.min_mentions < 1 || o.min_speakers_per_target < 1 || o.min_shared_targets < 2)
    return Status::invalid(
        "thresholds: mentions and speakers per target must be at least 1, shared targets at least "
        "2");
  AlignmentQuery query;
  query.from = request.period.from;
  query.to = request.period.to;
  query.source = request.source;
  query.voice = request.voice;
  auto data = load_alignment_data(archive, query);
  if (!data) return data.status();
  if (!data->archive_coded)
    return Status::invalid(
        cat({archive.path(),
             ": the archive has no coded sentences; ingest with coding or run `fissure code --db ",
             archive.path(), "`"}));
  std::string where = cat({"period ", request.period.label});
  if (!request.source.empty()) where = cat({where, ", source \"", request.source, "\""});
  if (data->coded_sentences == 0) return Status::not_found(cat({where, ": no coded English text"}));
  AlignmentMatrix m = compute_alignment(*data, o);
  m.documents = data->documents;
  m.coded_sentences = data->coded_sentences;
  if (m.speakers.size() < 2) {
    const std::string speakers = std::to_string(m.speakers.size() + m.left_out.size()),
                      comparable = std::to_string(m.speakers.size()),
                      min_shared = std::to_string(o.min_shared_targets),
                      min_speakers = std::to_string(o.min_speakers_per_target),
                      targets = std::to_string(m.targets.size());
    const std::string msg = cat(
        {where, ": ", speakers, " speakers name other actors, ", comparable, " of them at least ",
         min_shared, " of the targets that at least ", min_speakers, " speakers speak of (",
         targets, " such targets): nothing to compare (lower --min-targets or --min-speakers?)"});
    return Status::not_found(msg);
  }
  return m;
}

}  // namespace fissure
