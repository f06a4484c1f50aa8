/// Connecting with --wait: retries transient failures (refused, unknown host,
/// gone away, too many connections) until a deadline; authentication
/// failures and unknown databases are thrown at once.
#pragma once

#include <functional>
#include <memory>
#include <stdexcept>
#include <string>

#include "driver/connection.h"
#include "url.h"

namespace retort::runtime {

struct ConnectAttempt {
  int attempt = 0;  ///< 1-based
  double elapsed_s = 0;
  std::string error;  ///< the driver's message (never holds the password)
};

/// The deadline passed with the database still unreachable.
class WaitTimeoutError : public std::runtime_error {
 public:
  WaitTimeoutError(ConnectAttempt last, driver::DbError cause);
  const ConnectAttempt& last() const { return last_; }
  const driver::DbError& cause() const { return cause_; }

 private:
  ConnectAttempt last_;
  driver::DbError cause_;
};

using AttemptCallback = std::function<void(const ConnectAttempt&)>;

/// Opens `url`, retrying transient failures every `interval_s` until
/// `timeout_s` has passed (0: one attempt, errors thrown as they are).
/// `on_retry` is called after each failed attempt that will be retried.
std::unique_ptr<driver::Connection> ConnectWithRetry(
    const DatabaseUrl& url, double timeout_s, double interval_s,
    const AttemptCallback& on_retry = {});

}  // namespace retort::runtime
