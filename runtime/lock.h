/// MigrationLock: one migrator per database at a time. On MySQL a named
/// session lock (GET_LOCK) on the migrating connection, held from before the
/// heads are read until the run ends; waiters are told who holds it. On
/// SQLite it is a no-op: each revision's BEGIN IMMEDIATE is the lock.
///
/// Why the migrating connection and not a connection of its own: the lock
/// then lives exactly as long as the session that changes the schema. If
/// that session dies the server frees the lock and the runner cannot go on
/// (no auto-reconnect), so no statement ever runs without the lock; with a
/// separate lock connection a dropped lock would go unnoticed.
#pragma once

#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>

#include "driver/connection.h"

namespace retort::runtime {

/// Who holds the lock while we wait (for status lines).
struct LockWait {
  std::string name;
  std::int64_t holder_id = 0;  ///< connection id, 0 when unknown
  std::string holder_host;     ///< from information_schema.PROCESSLIST
  double waited_s = 0;
};

/// --lock-timeout passed while another migrator held the lock.
class LockTimeoutError : public std::runtime_error {
 public:
  explicit LockTimeoutError(LockWait last);
  const LockWait& last() const { return last_; }

 private:
  LockWait last_;
};

/// "retort:<database>.<version table>", or "retort:" + a 64-bit hash of it
/// when longer than MySQL's 64-character limit for lock names.
std::string LockName(const std::string& database,
                     const std::string& version_table);

class MigrationLock {
 public:
  using WaitCallback = std::function<void(const LockWait&)>;

  /// Takes the lock, calling `on_wait` about every `poll_s` seconds while
  /// another session holds it. Throws LockTimeoutError past `timeout_s`, or
  /// DbError.
  MigrationLock(driver::Connection& connection, std::string name,
                double timeout_s, const WaitCallback& on_wait = {},
                double poll_s = 2);
  ~MigrationLock();
  MigrationLock(const MigrationLock&) = delete;
  MigrationLock& operator=(const MigrationLock&) = delete;

 private:
  LockWait Holder(double waited_s);

  driver::Connection& connection_;
  std::string name_;
  bool held_ = false;
};

}  // namespace retort::runtime
