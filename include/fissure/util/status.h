// Status and Result<T>: recoverable errors as values, carried across layer boundaries.
// Depends on nothing but the standard library.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace fissure {

enum class StatusCode {
  kOk = 0,
  kInvalidInput,  // bad record, bad query, bad flag value: the caller's data is wrong
  kIoError,       // a file could not be opened, read or written
  kNotFound,      // a named thing (document id, file) does not exist
  kCorruption,    // stored data violates an invariant
  kInternal,      // a bug or an unexpected library failure
  kTimedOut,      // work stopped at its deadline (a server's per-request time limit)
};

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status ok() { return {}; }
  static Status invalid(std::string m) { return {StatusCode::kInvalidInput, std::move(m)}; }
  static Status io_error(std::string m) { return {StatusCode::kIoError, std::move(m)}; }
  static Status not_found(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
  static Status corruption(std::string m) { return {StatusCode::kCorruption, std::move(m)}; }
  static Status internal(std::string m) { return {StatusCode::kInternal, std::move(m)}; }
  static Status timed_out(std::string m) { return {StatusCode::kTimedOut, std::move(m)}; }

  bool is_ok() const { return code_ == StatusCode::kOk; }
  explicit operator bool() const { return is_ok(); }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

  // "where: message" — prefixes a location (file, file:line) to the message.
  Status with_context(const std::string& where) const {
    if (is_ok()) return *this;
    return {code_, where + ": " + message_};
  }

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

// Either a value or a non-ok Status.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) {}  // NOLINT

  bool is_ok() const { return v_.index() == 0; }
  explicit operator bool() const { return is_ok(); }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() { return value(); }
  const T& operator*() const { return value(); }
  Status status() const { return is_ok() ? Status::ok() : std::get<1>(v_); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace fissure

#define FISSURE_RETURN_IF_ERROR(expr)      \
  do {                                     \
    ::fissure::Status _st = (expr);        \
    if (!_st.is_ok()) return _st;          \
  } while (0)
