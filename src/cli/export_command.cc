// `fissure export`: tidy tables (sentences, codings, series, findings, evidence) as CSV or JSON
// that R's read.csv / jsonlite and pandas read as they are.
#include <cmath>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli.h"
#include "fissure/api/json_views.h"
#include "fissure/analysis/findings.h"
#include "fissure/store/export.h"
#include "pair_options.h"

namespace fissure::cli {
namespace {

using nlohmann::json;

// Writes records as CSV (header line, RFC 4180 quoting, empty for missing) or as one JSON array
// with a record per line (null for missing).
class RecordWriter {
 public:
  RecordWriter(std::FILE* out, bool json) : out_(out), json_(json) {}
  ~RecordWriter() { finish(); }

  void header(const std::vector<std::string>& columns) {
    columns_ = columns;
    if (json_) {
      std::fputs("[", out_);
      return;
    }
    for (size_t i = 0; i < columns.size(); ++i)
      std::fprintf(out_, "%s%s", i ? "," : "", csv_field(columns[i]).c_str());
    std::fputs("\n", out_);
  }

  void row(const std::vector<json>& values) {
    if (json_) {
      nlohmann::ordered_json record = nlohmann::ordered_json::object();
      for (size_t i = 0; i < columns_.size() && i < values.size(); ++i)
        record[columns_[i]] = values[i];
      std::fprintf(out_, "%s\n%s", rows_ ? "," : "", record.dump().c_str());
    } else {
      for (size_t i = 0; i < values.size(); ++i) {
        const json& v = values[i];
        std::string cell;
        if (v.is_string())
          cell = csv_field(v.get<std::string>());
        else if (v.is_boolean())
          cell = v.get<bool>() ? "TRUE" : "FALSE";
        else if (!v.is_null())
          cell = v.dump();
        std::fprintf(out_, "%s%s", i ? "," : "", cell.c_str());
      }
      std::fputs("\n", out_);
    }
    ++rows_;
  }

  void finish() {
    if (json_ && !finished_) std::fputs(rows_ ? "\n]\n" : "]\n", out_);
    finished_ = true;
  }

 private:
  std::FILE* out_;
  bool json_;
  std::vector<std::string> columns_;
  int64_t rows_ = 0;
  bool finished_ = false;
};

json number(double v) { return std::isnan(v) || std::isinf(v) ? json(nullptr) : json(v); }

json cell_json(const ExportCell& c) {
  switch (c.kind) {
    case ExportCell::kInteger:
      return c.integer;
    case ExportCell::kReal:
      return number(c.real);
    case ExportCell::kText:
      return json(std::string(c.text));
    case ExportCell::kNull:
      break;
  }
  return nullptr;
}

void write_series(const analysis::DyadSeries& s, RecordWriter* w) {
  std::vector<std::string> columns = {"speaker",
                                      "target",
                                      "period",
                                      "sentences",
                                      "documents",
                                      "speaker_sentences",
                                      "attention",
                                      "scored",
                                      "enough_text",
                                      "tone",
                                      "tone_ci_low",
                                      "tone_ci_high",
                                      "verbal_cooperation",
                                      "material_cooperation",
                                      "verbal_conflict",
                                      "material_conflict",
                                      "goldstein_mean"};
  for (const std::string& d : s.domains) columns.push_back("domain_" + d);
  w->header(columns);
  for (const analysis::DirectedPeriod& r : s.rows) {
    std::vector<json> v = {r.speaker,
                           r.target,
                           r.label,
                           r.sentences,
                           r.documents,
                           r.speaker_sentences,
                           number(r.attention),
                           r.scored,
                           r.enough_text,
                           number(r.tone),
                           number(r.tone_ci_low),
                           number(r.tone_ci_high),
                           r.events[1],
                           r.events[2],
                           r.events[3],
                           r.events[4],
                           number(r.goldstein_mean)};
    for (double share : r.domain_share) v.push_back(number(share));
    w->row(v);
  }
}

void write_findings(const analysis::Cracks& c, RecordWriter* w) {
  w->header({"rank", "kind", "speaker", "target", "third_party", "period", "magnitude", "ci_low",
             "ci_high", "p_value", "tests", "strength", "summary", "evidence"});
  int rank = 0;
  for (const analysis::Finding& f : c.findings)
    w->row({++rank, f.kind, f.speaker, f.target,
            f.third_party.empty() ? json(nullptr) : json(f.third_party), f.period,
            number(f.magnitude), number(f.ci_low), number(f.ci_high), number(f.p_value), f.tests,
            number(f.strength), f.summary, static_cast<int64_t>(f.evidence.size())});
}

void write_evidence(const analysis::Cracks& c, RecordWriter* w) {
  w->header({"rank", "kind", "document_id", "sentence_id", "date", "source", "speaker", "marked",
             "tone", "quote", "quote_marked", "why"});
  int rank = 0;
  for (const analysis::Finding& f : c.findings) {
    ++rank;
    for (const analysis::Evidence& e : f.evidence)
      w->row({rank, f.kind, e.quote.document_id, e.quote.sentence_id, e.quote.date, e.quote.source,
              e.quote.speaker, e.marked, number(e.tone), e.quote.text, api::marked_quote(e.quote),
              e.why});
  }
}

}  // namespace

void register_export(CLI::App& app, Action* run) {
  struct Args {
    std::string db, what = "sentences", format = "csv", output, speaker, actor, source, from, to, a,
                    b;
    std::string by = "year";
    bool any_outlet = false;
  };
  auto a = std::make_shared<Args>();
  auto* cmd = app.add_subcommand(
      "export", "Tidy tables for R and pandas: sentences, codings, series, findings, evidence");
  cmd->footer(
      "Tables:\n"
      "  sentences  one row per coded sentence (filters: --speaker --actor --source --from --to)\n"
      "  codings    one row per actor mention, with the tone toward it and the dictionary line\n"
      "  series     the dyad series of A and B (as `fissure dyad`)\n"
      "  findings   the findings of `fissure cracks A B`, one row each\n"
      "  evidence   their quotes, one row each, keyed by the finding's rank\n"
      "CSV: missing values are empty (NA in R, NaN in pandas); JSON: an array of records, null for "
      "missing.\n"
      "Examples:\n"
      "  fissure export --db demo.db --what codings --speaker PRK --actor IRN -o prk_on_iran.csv\n"
      "  fissure export --db demo.db --what series IRN PRK --by quarter --format json");
  cmd->add_option("--db", a->db, "Archive file")->required();
  cmd->add_option("--what", a->what, "sentences (default), codings, series, findings or evidence");
  cmd->add_option("A", a->a, "First actor (series, findings, evidence)");
  cmd->add_option("B", a->b, "Second actor");
  cmd->add_option("--format", a->format, "csv (default) or json");
  cmd->add_option("-o,--output", a->output, "Write to this file instead of standard output");
  cmd->add_option("--speaker", a->speaker, "Only sentences of this speaker (sentences, codings)");
  cmd->add_option("--actor", a->actor, "Only sentences naming this actor (sentences, codings)");
  cmd->add_option("--source", a->source, "Only this source (sentences, codings)");
  cmd->add_option("--from", a->from, "Only documents dated on or after");
  cmd->add_option("--to", a->to, "Only documents dated on or before");
  cmd->add_option("--by", a->by, "Period of series and findings: year, quarter or month");
  cmd->add_flag("--any-outlet", a->any_outlet,
                "Series and findings: count a side's words wherever reported");
  cmd->callback([a, run] {
    *run = [a]() -> int {
      if (a->format != "csv" && a->format != "json")
        return report_error(Status::invalid("--format " + a->format + ": expected csv or json"));
      const bool pair_table = a->what == "series" || a->what == "findings" || a->what == "evidence";
      if (!pair_table && a->what != "sentences" && a->what != "codings")
        return report_error(Status::invalid(
            "--what " + a->what + ": expected sentences, codings, series, findings or evidence"));
      if (pair_table && (a->a.empty() || a->b.empty()))
        return report_error(Status::invalid("--what " + a->what +
                                            " needs the pair: fissure export --db A --what " +
                                            a->what + " IRN PRK"));
      auto archive = Archive::open(a->db, Archive::Mode::kReadOnly);
      if (!archive) return report_error(archive.status());
      std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(nullptr, &std::fclose);
      std::FILE* out = stdout;
      if (!a->output.empty()) {
        file.reset(std::fopen(a->output.c_str(), "w"));
        if (!file) return report_error(Status::io_error(a->output + ": cannot write"));
        out = file.get();
      }
      RecordWriter writer(out, a->format == "json");
      if (!pair_table) {
        ExportFilter filter{a->speaker, a->actor, a->source, a->from, a->to};
        Status st = export_table(
            **archive, a->what == "sentences" ? ExportTable::kSentences : ExportTable::kCodings,
            filter, [&](const std::vector<std::string>& columns) { writer.header(columns); },
            [&](const std::vector<ExportCell>& cells) {
              std::vector<json> values;
              values.reserve(cells.size());
              for (const ExportCell& c : cells) values.push_back(cell_json(c));
              writer.row(values);
            });
        if (!st) return report_error(st);
        return kExitOk;
      }
      PairArgs pair;
      pair.db = a->db;
      pair.a = a->a;
      pair.b = a->b;
      pair.by = a->by;
      pair.from = a->from;
      pair.to = a->to;
      pair.any_outlet = a->any_outlet;
      auto options = dyad_options(pair);
      if (!options) return report_error(options.status());
      if (a->what == "series") {
        auto series = analysis::compute_dyad(**archive, *options);
        if (!series) return report_error(series.status());
        write_series(*series, &writer);
        return kExitOk;
      }
      analysis::CracksOptions cracks_options;
      cracks_options.dyad = *options;
      auto cracks = analysis::find_cracks(**archive, cracks_options);
      if (!cracks) return report_error(cracks.status());
      if (a->what == "findings")
        write_findings(*cracks, &writer);
      else
        write_evidence(*cracks, &writer);
      return kExitOk;
    };
  });
}

}  // namespace fissure::cli
