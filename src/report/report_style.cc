#include "fissure/report/html_report.h"

namespace fissure::report {

const std::string& report_css() {
  static const std::string css = R"css(
:root{--s0:#1f5f9e;--s1:#c8611b;--ink:#1d1d1f;--muted:#5f6368;--rule:#d9dce1;--bg:#fff;--mark:#ffe27a}
*{box-sizing:border-box}
body{font:15px/1.5 -apple-system,"Segoe UI",Helvetica,Arial,sans-serif;color:var(--ink);background:var(--bg);margin:0}
main{max-width:980px;margin:0 auto;padding:24px 28px 80px}
h1{font-size:26px;margin:0 0 4px}
h2{font-size:20px;margin:36px 0 8px;padding-top:8px;border-top:2px solid var(--rule)}
h3{font-size:16px;margin:22px 0 6px}
p.lede,.muted{color:var(--muted)}
nav.toc{font-size:13px;margin:12px 0 0;color:var(--muted)}
nav.toc a{margin-right:12px}
a{color:#1a57a8}
table{border-collapse:collapse;width:100%;font-size:13px;margin:6px 0 12px}
th,td{border-bottom:1px solid var(--rule);padding:4px 6px;text-align:left;vertical-align:top}
th{background:#f4f5f7;font-weight:600}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
mark{background:var(--mark);padding:0 1px}
mark.quoted{background:#fff3bf}
ol.plain li{margin:0 0 8px}
.kind{display:inline-block;font-size:11px;text-transform:uppercase;letter-spacing:.04em;background:#eef1f5;border-radius:3px;padding:1px 6px;color:#3c4043}
.finding{border:1px solid var(--rule);border-radius:6px;padding:10px 14px;margin:12px 0}
.finding .figures{font-size:13px;color:var(--muted)}
blockquote{margin:6px 0;padding:2px 10px;border-left:3px solid var(--rule)}
.why{font-size:12px;color:var(--muted)}
figure.chart{margin:8px 0 16px}
figure.chart svg{width:100%;height:auto;display:block}
svg text{font-size:11px;fill:#3c4043}
svg text.legend{font-size:12px}
svg text.inbar{font-size:10px;fill:#fff}
svg text.marker-label{font-size:10px}
svg .grid{stroke:#e6e8eb;stroke-width:1}
svg .zero{stroke:#80868b;stroke-width:1;stroke-dasharray:3 3}
svg .line{fill:none;stroke-width:2}
svg .line.s0,svg .errbar.s0{stroke:var(--s0)}
svg .line.s1,svg .errbar.s1{stroke:var(--s1)}
svg .errbar{stroke-width:2;opacity:.55}
svg .band{stroke:none;opacity:.18}
svg .band.faint{opacity:.08}
svg .band.s0,svg .dot.s0,svg .swatch.s0{fill:var(--s0)}
svg .band.s1,svg .dot.s1,svg .swatch.s1{fill:var(--s1)}
svg .marker line{stroke-width:1.5;stroke-dasharray:5 3}
svg .marker.s0 line{stroke:var(--s0)}
svg .marker.s1 line{stroke:var(--s1)}
svg .c0{fill:#1f5f9e}svg .c1{fill:#c8611b}svg .c2{fill:#3d8b4f}svg .c3{fill:#8e4ea0}
svg .c4{fill:#b8962e}svg .c5{fill:#2a9d9a}svg .c6{fill:#a3a8ae}svg .c7{fill:#6b4226}
p.empty{padding:14px;background:#f8f9fa;border:1px dashed var(--rule);color:var(--muted)}
details{margin:6px 0}
summary{cursor:pointer;color:#1a57a8}
article.document{border-top:1px solid var(--rule);padding-top:6px;margin-top:18px}
article.document .text{white-space:pre-wrap;font-family:Georgia,serif;font-size:14px;line-height:1.6}
.meta{font-size:12px;color:var(--muted)}
.url{word-break:break-all}
@media print{details{display:block}h2{page-break-after:avoid}}
)css";
  return css;
}

}  // namespace fissure::report
