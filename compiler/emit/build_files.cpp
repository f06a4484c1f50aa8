#include "emit/build_files.h"

#include <filesystem>
#include <fstream>

#include "emit/table_emitter.h"

namespace retort::emit {
namespace {

std::string Escaped(const std::string& path) {
  std::string out;
  for (char c : std::filesystem::absolute(path).lexically_normal().string()) {
    if (c == ' ' || c == '#') out += '\\';
    if (c == '$') out += '$';
    out += c;
  }
  return out;
}

}  // namespace

std::string Depfile(const std::string& target, const std::vector<std::string>& inputs) {
  std::string out = Escaped(target) + ":";
  for (const std::string& input : inputs) out += " \\\n  " + Escaped(input);
  return out + "\n";
}

bool WriteDepfile(const std::string& path, const std::string& target,
                  const std::vector<std::string>& inputs, std::string& error) {
  return WriteIfChanged(path, Depfile(target, inputs), error);
}

bool WriteStamp(const std::string& path, std::string& error) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << "retortc\n";
  out.close();
  if (!out) error = "cannot write '" + path + "'";
  return static_cast<bool>(out);
}

bool WriteChunkCount(const std::string& path, std::size_t count, std::string& error) {
  return WriteIfChanged(path, std::to_string(count) + "\n", error);
}

}  // namespace retort::emit
