/// Helpers for the runtime tests: a temporary directory removed on scope
/// exit, and running a child process with captured output.
#pragma once

#include <string>
#include <vector>

namespace retort::testing {

/// Creates a fresh directory under $TMPDIR; removes it (recursively) on
/// destruction.
class ScopedTempDir {
 public:
  ScopedTempDir();
  ~ScopedTempDir();
  ScopedTempDir(const ScopedTempDir&) = delete;
  ScopedTempDir& operator=(const ScopedTempDir&) = delete;

  const std::string& path() const { return path_; }
  /// path()/name
  std::string File(const std::string& name) const { return path_ + "/" + name; }
  /// "sqlite:///" + an absolute path to `name` in this directory.
  std::string SqliteUrl(const std::string& name) const {
    return "sqlite:///" + File(name);
  }

 private:
  std::string path_;
};

struct ProcessResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

/// A started child process whose stdout/stderr go to files.
class Process {
 public:
  /// Starts `argv` (argv[0] is a path) with `env_extra` ("NAME=value") added
  /// to the environment.
  Process(const std::vector<std::string>& argv, const std::string& output_dir,
          const std::vector<std::string>& env_extra = {});
  /// Waits for the child and collects its output.
  ProcessResult Wait();

 private:
  int pid_ = -1;
  std::string out_path_;
  std::string err_path_;
};

/// Runs `argv` to completion.
ProcessResult RunProcess(const std::vector<std::string>& argv,
                         const std::string& output_dir,
                         const std::vector<std::string>& env_extra = {});

std::string ReadFile(const std::string& path);

}  // namespace retort::testing
