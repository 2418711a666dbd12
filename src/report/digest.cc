#include "fissure/report/digest.h"

#include <algorithm>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <map>

#include "fissure/analysis/dyad.h"
#include "fissure/report/html_report.h"
#include "fissure/report/html_writer.h"
#include "fissure/store/report_data.h"
#include "report_text.h"

namespace fissure::report {
namespace {

bool valid_since(const std::string& s) {
  auto digits = [&](size_t from, size_t n) {
    for (size_t i = from; i < from + n; ++i)
      if (i >= s.size() || s[i] < '0' || s[i] > '9') return false;
    return true;
  };
  if (s.size() == 4) return digits(0, 4);
  if (s.size() == 7) return digits(0, 4) && s[4] == '-' && digits(5, 2);
  if (s.size() == 10)
    return digits(0, 4) && s[4] == '-' && digits(5, 2) && s[7] == '-' && digits(8, 2);
  return false;
}

// New documents in one direction: the count, and the most recent ones with a quote each.
Status new_documents(Archive& archive, const std::string& speaker, const std::string& target,
                     const DigestOptions& options, int64_t* count, std::vector<NewDocument>* out) {
  VoiceScope scope;
  scope.from = options.since;
  auto voice = load_voice(archive, speaker, target, scope, false);
  if (!voice) return voice.status();
  struct PerDocument {
    std::string date;
    int64_t first_sentence = 0, sentences = 0;
    std::vector<std::pair<double, int64_t>> by_strength;  // (−|tone|, sentence id)
  };
  std::map<int64_t, PerDocument> documents;
  for (const auto& s : voice->sentences) {
    auto [it, fresh] = documents.try_emplace(s.document_key);
    PerDocument& d = it->second;
    if (fresh) {
      d.date = s.date.start;
      d.first_sentence = s.sentence_id;
    }
    ++d.sentences;
    d.by_strength.emplace_back(std::isfinite(s.tone) ? -std::fabs(s.tone) : 0.0, s.sentence_id);
  }
  *count = static_cast<int64_t>(documents.size());
  std::vector<PerDocument*> recent;
  for (auto& [key, d] : documents) recent.push_back(&d);
  std::sort(recent.begin(), recent.end(), [](const PerDocument* x, const PerDocument* y) {
    return x->date != y->date ? x->date > y->date : x->first_sentence > y->first_sentence;
  });
  if (recent.size() > static_cast<size_t>(std::max(options.max_documents, 0)))
    recent.resize(static_cast<size_t>(std::max(options.max_documents, 0)));
  // Candidates per document: its three most strongly toned sentences. The quote is the first of
  // them short enough to read (KCNA's roll-calls of greeting parties are strongly toned and a
  // page long), else the shortest.
  constexpr size_t kCandidates = 3, kReadable = 320;
  std::vector<int64_t> ids;
  for (auto* d : recent) {
    std::stable_sort(d->by_strength.begin(), d->by_strength.end());
    for (size_t i = 0; i < d->by_strength.size() && i < kCandidates; ++i)
      ids.push_back(d->by_strength[i].second);
  }
  auto quotes = load_quotes(archive, ids, target);
  if (!quotes) return quotes.status();
  std::map<int64_t, Quote*> quote_of;
  for (auto& q : *quotes) quote_of[q.sentence_id] = &q;
  for (auto* d : recent) {
    Quote* chosen = nullptr;
    for (size_t i = 0; i < d->by_strength.size() && i < kCandidates; ++i) {
      auto it = quote_of.find(d->by_strength[i].second);
      if (it == quote_of.end()) continue;
      Quote* q = it->second;
      if (q->text.size() <= kReadable) {
        chosen = q;
        break;
      }
      if (!chosen || q->text.size() < chosen->text.size()) chosen = q;
    }
    if (!chosen) continue;
    NewDocument n;
    n.speaker = speaker;
    n.target = target;
    n.sentences = d->sentences;
    n.quote = std::move(*chosen);
    out->push_back(std::move(n));
  }
  return Status::ok();
}

// At most about `limit` bytes of a sentence around its first marked span, cut at spaces.
std::string excerpt(const Quote& q, size_t limit) {
  const std::string& t = q.text;
  if (t.size() <= limit) return t;
  size_t centre =
      q.target_spans.empty() ? 0 : static_cast<size_t>(std::max(0, q.target_spans[0].first));
  size_t from = centre > limit / 2 ? centre - limit / 2 : 0;
  size_t to = std::min(t.size(), from + limit);
  while (from > 0 && t[from - 1] != ' ') --from;
  while (to < t.size() && t[to] != ' ') ++to;
  std::string s = from > 0 ? "…" : "";
  s += t.substr(from, to - from);
  if (to < t.size()) s += "…";
  return s;
}

const char* change_word(FindingChange::Kind k) {
  switch (k) {
    case FindingChange::Kind::kNew:
      return "new";
    case FindingChange::Kind::kChanged:
      return "changed";
    case FindingChange::Kind::kGone:
      return "gone";
  }
  return "";
}

std::string change_line(const FindingChange& c) {
  const analysis::Finding& f = c.kind == FindingChange::Kind::kGone ? c.before : c.after;
  std::string s = kind_title(f.kind);
  s += ", ";
  s += who(f);
  if (!f.third_party.empty()) {
    s += " about ";
    s += f.third_party;
  }
  // The analysis's summaries begin with their period.
  if (f.summary.rfind(f.period, 0) != 0) {
    s += ", ";
    s += f.period;
  }
  s += ": ";
  if (!f.summary.empty()) {
    s += f.summary;
    s += ' ';
  }
  s += '(';
  switch (c.kind) {
    case FindingChange::Kind::kNew:
      s += finding_figures(f);
      break;
    case FindingChange::Kind::kChanged:
      s += "magnitude ";
      s += format_number(c.before.magnitude, 3, true);
      s += " before, now ";
      s += format_number(c.after.magnitude, 3, true);
      s += ", outside the earlier interval ";
      s += format_interval(c.before.ci_low, c.before.ci_high, 3);
      break;
    case FindingChange::Kind::kGone:
      s += "found up to the date, no longer passes its test over everything";
      break;
  }
  s += ')';
  return s;
}

std::string count_phrase(int64_t n, const char* one, const char* many) {
  std::string s = std::to_string(n);
  s += ' ';
  s += n == 1 ? one : many;
  return s;
}

// "3 documents in which IRN names PRK, 1 document in which PRK names IRN."
std::string new_documents_phrase(const PairDigest& p) {
  std::string s = count_phrase(p.new_documents_ab, "document", "documents");
  s += " in which ";
  s += p.a;
  s += " names ";
  s += p.b;
  s += ", ";
  s += count_phrase(p.new_documents_ba, "document", "documents");
  s += " in which ";
  s += p.b;
  s += " names ";
  s += p.a;
  s += '.';
  return s;
}

}  // namespace

Result<Pair> parse_pair(const std::string& text) {
  size_t dash = text.find('-');
  if (dash == std::string::npos || text.find('-', dash + 1) != std::string::npos)
    return Status::invalid("'" + text + "' is not a pair: write it as A-B, e.g. IRN-PRK");
  Pair p{text.substr(0, dash), text.substr(dash + 1)};
  for (const std::string* code : {&p.first, &p.second})
    if (!analysis::valid_actor_code(*code))
      return Status::invalid("'" + text + "': '" + *code +
                             "' is not an actor code (2 to 8 upper-case letters or digits)");
  if (p.first == p.second) return Status::invalid("'" + text + "': the two sides must differ");
  return p;
}

Result<std::vector<Pair>> default_pairs(Archive& archive) {
  auto irn = speaker_exists(archive, "IRN");
  if (!irn) return irn.status();
  auto prk = speaker_exists(archive, "PRK");
  if (!prk) return prk.status();
  if (*irn && *prk) return std::vector<Pair>{{"IRN", "PRK"}};
  auto speakers = load_speakers(archive);
  if (!speakers) return speakers.status();
  if (speakers->size() < 2)
    return Status::invalid(
        "no pair to digest: the archive has fewer than two speakers (is it coded?)");
  std::string list;
  for (size_t i = 0; i < speakers->size() && i < 12; ++i) {
    if (i) list += ", ";
    list += (*speakers)[i].code;
  }
  std::string m = "IRN and PRK are not both speakers in this archive; give pairs such as ";
  m += (*speakers)[0].code;
  m += '-';
  m += (*speakers)[1].code;
  m += " (speakers, most sentences first: ";
  m += list;
  m += ')';
  return Status::invalid(m);
}

Result<Digest> build_digest(Archive& archive, const DigestOptions& options) {
  if (!valid_since(options.since))
    return Status::invalid("--since '" + options.since + "': give a date as yyyy-mm-dd");
  auto coded = archive_is_coded(archive);
  if (!coded) return coded.status();
  if (!*coded)
    return Status::not_found(archive.path() +
                             ": the archive has no coding; run `fissure code --db " +
                             archive.path() + "` first");
  Digest digest;
  digest.since = options.since;
  digest.generated_at = utc_now();
  digest.archive_name = std::filesystem::path(archive.path()).filename().string();
  for (const auto& [a, b] : options.pairs) {
    for (const std::string* code : {&a, &b}) {
      auto speaks = speaker_exists(archive, *code);
      if (!speaks) return speaks.status();
      if (!*speaks) return Status::invalid(*code + " never speaks in " + archive.path());
    }
    PairDigest p;
    p.a = a;
    p.b = b;
    FISSURE_RETURN_IF_ERROR(
        new_documents(archive, a, b, options, &p.new_documents_ab, &p.documents));
    FISSURE_RETURN_IF_ERROR(
        new_documents(archive, b, a, options, &p.new_documents_ba, &p.documents));

    analysis::CracksOptions before;
    before.dyad.a = a;
    before.dyad.b = b;
    before.dyad.resolution = options.resolution;
    before.dyad.scope.to = options.since;
    analysis::CracksOptions after = before;
    after.dyad.scope.to.clear();
    auto found_before = analysis::find_cracks(archive, before);
    auto found_after = analysis::find_cracks(archive, after);
    if (!found_after) return found_after.status();
    if (!found_before) {
      // Nothing before the date (a pair that is new in the archive) is not an error: every
      // finding is then new.
      if (found_before.status().code() != StatusCode::kInvalidInput &&
          found_before.status().code() != StatusCode::kNotFound)
        return found_before.status();
      p.notes.push_back("up to " + options.since + ": " + found_before.status().message());
      found_before = analysis::Cracks{};
    }
    p.findings_before = static_cast<int64_t>(found_before->findings.size());
    p.findings_after = static_cast<int64_t>(found_after->findings.size());
    p.changes = compare_findings(found_before->findings, found_after->findings);
    digest.pairs.push_back(std::move(p));
  }
  return digest;
}

std::string digest_text(const Digest& digest) {
  std::string out = "fissure digest: what is new since ";
  out += digest.since;
  out += " (";
  out += digest.archive_name;
  out += ", ";
  out += digest.generated_at;
  out += ")\n";
  for (const auto& p : digest.pairs) {
    out += "\n== ";
    out += actor_name(p.a);
    out += " and ";
    out += actor_name(p.b);
    out += "\n\nNew documents: ";
    out += new_documents_phrase(p);
    out += "\n";
    for (const auto& d : p.documents) {
      out += "  ";
      out += direction(d.speaker, d.target);
      out += "  ";
      out += d.quote.date.empty() ? "(undated)" : d.quote.date;
      out += "  ";
      out += d.quote.source;
      out += "  ";
      out += d.quote.document_id;
      out += "\n    \"";
      std::string text = excerpt(d.quote, 300);
      for (char& c : text)
        if (c == '\n' || c == '\r' || c == '\t') c = ' ';
      out += valid_utf8(text);
      out += "\"\n";
    }
    out += "\nFindings: ";
    out += std::to_string(p.findings_before);
    out += " up to ";
    out += digest.since;
    out += ", ";
    out += std::to_string(p.findings_after);
    out += " over everything";
    if (p.changes.empty()) {
      out += "; none new, changed or gone.\n";
    } else {
      out += ".\n";
      for (const auto& c : p.changes) {
        out += "  ";
        std::string word = change_word(c.kind);
        word.resize(8, ' ');
        out += word;
        out += valid_utf8(change_line(c));
        out += '\n';
      }
    }
    for (const auto& n : p.notes) {
      out += "  note: ";
      out += n;
      out += '\n';
    }
  }
  return out;
}

std::string digest_html(const Digest& digest) {
  std::string title = "fissure digest since ";
  title += digest.since;
  std::string h = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>";
  h += escape_html(title);
  h += "</title><style>";
  h += report_css();
  h += "</style></head><body><main><h1>";
  h += escape_html(title);
  h += "</h1><p class=\"lede\">";
  std::string lede = "What is new in ";
  lede += digest.archive_name;
  lede += ": documents dated on or after ";
  lede += digest.since;
  lede +=
      ", and the findings that appear, change or go when the analysis runs over everything "
      "instead of up to that date. Generated ";
  lede += digest.generated_at;
  lede += '.';
  h += escape_html(lede);
  h += "</p>";
  for (const auto& p : digest.pairs) {
    std::string head = actor_name(p.a);
    head += " and ";
    head += actor_name(p.b);
    h += "<h2>";
    h += escape_html(head);
    h += "</h2><h3>New documents</h3><p>";
    h += escape_html(new_documents_phrase(p));
    h += "</p>";
    if (!p.documents.empty()) {
      h += "<table><thead><tr><th>who</th><th>date</th><th>outlet</th><th>document</th>"
           "<th>quote</th></tr></thead><tbody>";
      for (const auto& d : p.documents) {
        h += "<tr><td>";
        h += escape_html(direction(d.speaker, d.target));
        h += "</td><td>";
        h += escape_html(d.quote.date);
        h += "</td><td>";
        h += escape_html(d.quote.source);
        h += "</td><td>";
        h += escape_html(d.quote.title.empty() ? d.quote.document_id : d.quote.title);
        h += "<div class=\"meta\">";
        h += escape_html(d.quote.document_id);
        if (!d.quote.url.empty()) {
          h += " · <span class=\"url\">";
          h += escape_html(d.quote.url);
          h += "</span>";
        }
        h += "</div></td><td><blockquote>";
        h += mark_spans(d.quote.text, d.quote.target_spans);
        h += "</blockquote></td></tr>";
      }
      h += "</tbody></table>";
    }
    h += "<h3>Findings</h3><p>";
    std::string f = std::to_string(p.findings_before);
    f += " up to ";
    f += digest.since;
    f += ", ";
    f += std::to_string(p.findings_after);
    f += " over everything.";
    h += escape_html(f);
    h += "</p>";
    if (p.changes.empty()) {
      h += "<p class=\"muted\">None new, changed or gone.</p>";
    } else {
      h += "<ul>";
      for (const auto& c : p.changes) {
        h += "<li><span class=\"kind\">";
        h += change_word(c.kind);
        h += "</span> ";
        h += escape_html(change_line(c));
        h += "</li>";
      }
      h += "</ul>";
    }
    for (const auto& n : p.notes) {
      h += "<p class=\"muted\">";
      h += escape_html(n);
      h += "</p>";
    }
  }
  h += "</main></body></html>\n";
  return h;
}

}  // namespace fissure::report
