/// Process exit codes of `migrate` and `retortc`, shared by every command.
#pragma once

namespace retort {

enum class ExitCode : int {
  kOk = 0,       ///< success
  kFailure = 1,  ///< a migration or database failure
  kUsage = 2,    ///< usage or configuration error
  kPending = 3,  ///< `check` found pending revisions or drift
};

}  // namespace retort
