#include "wait.h"

#include <algorithm>
#include <chrono>
#include <thread>
#include <utility>

namespace retort::runtime {

WaitTimeoutError::WaitTimeoutError(ConnectAttempt last, driver::DbError cause)
    : std::runtime_error("database still unreachable after " +
                         std::to_string(last.attempt) + " attempts"),
      last_(std::move(last)),
      cause_(std::move(cause)) {}

std::unique_ptr<driver::Connection> ConnectWithRetry(
    const DatabaseUrl& url, double timeout_s, double interval_s,
    const AttemptCallback& on_retry) {
  using Clock = std::chrono::steady_clock;
  const Clock::time_point start = Clock::now();
  for (int attempt = 1;; ++attempt) {
    const Clock::time_point tried = Clock::now();
    try {
      return driver::OpenConnection(url);
    } catch (const driver::DbError& error) {
      if (error.klass() != driver::ErrorClass::kTransient || timeout_s <= 0) {
        throw;
      }
      const double elapsed =
          std::chrono::duration<double>(Clock::now() - start).count();
      ConnectAttempt seen{attempt, elapsed, error.message()};
      if (elapsed + interval_s > timeout_s) {
        throw WaitTimeoutError(std::move(seen), error);
      }
      if (on_retry) on_retry(seen);
      // Sleep until `interval_s` after this attempt began.
      std::this_thread::sleep_until(
          tried +
          std::chrono::duration_cast<Clock::duration>(
              std::chrono::duration<double>(std::max(interval_s, 0.05))));
    }
  }
}

}  // namespace retort::runtime
