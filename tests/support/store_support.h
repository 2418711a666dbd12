// Test helpers for the store layer and above (test_support.h serves every layer).
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "fissure/store/ingest.h"

namespace fissure::testing {

// An ingest observer for inputs that must go in whole: a skipped record fails the test.
class NoSkipsExpected : public IngestObserver {
 public:
  void on_skip(const std::string& message) override {
    ADD_FAILURE() << "unexpected skip: " << message;
  }
};

}  // namespace fissure::testing
