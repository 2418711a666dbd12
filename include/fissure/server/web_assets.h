// The web UI's files (web/ in the source tree), compiled into the binary so that `fissure serve`
// needs nothing beside it and no request can reach the file system. Part of the server layer.
#pragma once

#include <span>
#include <string_view>

namespace fissure::server {

struct WebAsset {
  std::string_view path;  // relative to web/: "index.html", "app.js"
  std::string_view content;
};

std::span<const WebAsset> web_assets();
// The asset at exactly this relative path, or null: no normalisation, so "../x" finds nothing.
const WebAsset* find_web_asset(std::string_view path);
// From the extension: text/html; charset=utf-8, text/javascript, text/css, image/svg+xml, ...
std::string_view content_type_for(std::string_view path);

}  // namespace fissure::server
