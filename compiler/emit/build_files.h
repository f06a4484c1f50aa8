/// What `retortc compile` tells the build besides the table, so adding a
/// revision needs no reconfiguring (retort_add_migrations):
/// - a depfile (Make syntax, as Ninja reads it) naming every file the
///   compile read, so editing one re-runs retortc;
/// - the number of chunk files the history needs, rewritten only when it
///   changes: the build configures itself again then (the file is one of
///   CMake's configure dependencies) and declares that many.
#pragma once

#include <string>
#include <vector>

namespace retort::emit {

/// "TARGET: INPUT ..." with spaces, '#' and '$' escaped; absolute paths.
std::string Depfile(const std::string& target, const std::vector<std::string>& inputs);

/// Writes Depfile(...) to `path`. False and `error` when it cannot.
bool WriteDepfile(const std::string& path, const std::string& target,
                  const std::vector<std::string>& inputs, std::string& error);

/// Rewrites `path` (a build stamp: its time is what matters).
bool WriteStamp(const std::string& path, std::string& error);

/// Writes `count` (and a newline) to `path` unless it holds it already.
bool WriteChunkCount(const std::string& path, std::size_t count, std::string& error);

}  // namespace retort::emit
