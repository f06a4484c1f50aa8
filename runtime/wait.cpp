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
  const Clock::time_point deadline =
      start + std::chrono::duration_cast<Clock::duration>(
                  std::chrono::duration<double>(std::max(timeout_s, 0.0)));
  for (int attempt = 1;; ++attempt) {
    const Clock::time_point tried = Clock::now();
    try {
      return driver::OpenConnection(url);
    } catch (const driver::DbError& error) {
      if (error.klass() != driver::ErrorClass::kTransient || timeout_s <= 0) {
        throw;
      }
      const Clock::time_point now = Clock::now();
      ConnectAttempt seen{attempt, std::chrono::duration<double>(now - start).count(),
                          error.message()};
      // The last attempt is made at the deadline itself: `--wait 5` waits 5 s.
      if (now >= deadline) throw WaitTimeoutError(std::move(seen), error);
      if (on_retry) on_retry(seen);
      // Until `interval_s` after this attempt began, or the deadline.
      std::this_thread::sleep_until(std::min(
          deadline, tried + std::chrono::duration_cast<Clock::duration>(
                                std::chrono::duration<double>(std::max(interval_s, 0.05)))));
    }
  }
}

}  // namespace retort::runtime
