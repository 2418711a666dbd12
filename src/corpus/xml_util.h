// Private helpers over libxml2 trees, shared by the HTML, feed and WARC readers: ownership,
// names, attributes and a walk that needs no recursion. Include only from src/corpus/*.cc.
#pragma once

#include <libxml/tree.h>

#include <memory>
#include <string>
#include <string_view>

namespace fissure::corpus_internal {

struct XmlDocFree {
  void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};
using XmlDocPtr = std::unique_ptr<xmlDoc, XmlDocFree>;

inline std::string_view as_view(const xmlChar* s) {
  return s ? std::string_view(reinterpret_cast<const char*>(s)) : std::string_view();
}

inline std::string_view name_of(const xmlNode* n) { return as_view(n->name); }

inline std::string_view namespace_of(const xmlNode* n) {
  return n->ns ? as_view(n->ns->href) : std::string_view();
}

// The attribute's value with entities decoded, "" when absent.
inline std::string attribute(const xmlNode* n, const char* name) {
  xmlChar* v = xmlGetProp(n, reinterpret_cast<const xmlChar*>(name));
  if (!v) return {};
  std::string s(reinterpret_cast<const char*>(v));
  xmlFree(v);
  return s;
}

// Depth-first walk over a subtree without recursion, so that pathologically deep documents
// cannot exhaust the stack. enter(n) returns whether to descend; leave(n) follows every enter.
template <typename Enter, typename Leave>
void walk(xmlNode* root, Enter&& enter, Leave&& leave) {
  xmlNode* n = root;
  for (;;) {
    if (enter(n) && n->children) {
      n = n->children;
      continue;
    }
    for (;;) {
      leave(n);
      if (n == root || !n->parent) return;
      if (n->next) {
        n = n->next;
        break;
      }
      n = n->parent;
    }
  }
}

// The character data of a subtree (text and CDATA). Entity references are left out on purpose:
// expanding them is how entity bombs and external entities get in.
inline std::string character_data(xmlNode* root) {
  std::string out;
  walk(
      root,
      [&](xmlNode* n) {
        if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && n->content)
          out += as_view(n->content);
        return n->type == XML_ELEMENT_NODE;
      },
      [](xmlNode*) {});
  return out;
}

}  // namespace fissure::corpus_internal
