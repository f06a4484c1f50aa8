// Tests for lower/sha256.cpp: the FIPS 180-2 test vectors, and messages
// around the padding boundaries checked against the system's sha256sum.
#include "lower/sha256.h"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

namespace retort {
namespace {

using lower::Sha256Hex;

TEST_CASE("FIPS vector: empty message") {
  CHECK(Sha256Hex("") ==
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST_CASE("FIPS vector: abc") {
  CHECK(Sha256Hex("abc") ==
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("FIPS vector: 448-bit message") {
  CHECK(Sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST_CASE("FIPS vector: 896-bit message") {
  CHECK(Sha256Hex("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
                  "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu") ==
        "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

TEST_CASE("FIPS vector: one million 'a'") {
  CHECK(Sha256Hex(std::string(1000000, 'a')) ==
        "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

// The digest `sha256sum` prints for `data`.
std::string SystemSha256(const std::string& data) {
  char path[] = "/tmp/retort_sha256_XXXXXX";
  int fd = mkstemp(path);
  REQUIRE(fd >= 0);
  close(fd);
  {
    std::ofstream out(path, std::ios::binary);
    out << data;
  }
  std::string command = std::string("sha256sum ") + path;
  FILE* pipe = popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  char buffer[128] = {};
  std::size_t n = std::fread(buffer, 1, sizeof buffer - 1, pipe);
  int status = pclose(pipe);
  std::remove(path);
  REQUIRE(status == 0);
  std::string line(buffer, n);
  REQUIRE(line.size() >= 64);
  return line.substr(0, 64);
}

TEST_CASE("lengths around the padding boundaries match sha256sum") {
  // 55 bytes is the longest message padded in one block; 56..63 need two;
  // 64 fills a block exactly.
  for (std::size_t length : {0, 1, 54, 55, 56, 57, 63, 64, 65, 119, 120, 128, 200}) {
    std::string data;
    for (std::size_t i = 0; i < length; ++i) {
      data += static_cast<char>((i * 37 + length) & 0xff);  // binary, incl. NUL
    }
    CAPTURE(length);
    CHECK(Sha256Hex(data) == SystemSha256(data));
  }
}

TEST_CASE("digest is lowercase hex of 64 characters") {
  std::string digest = Sha256Hex("retort");
  CHECK(digest.size() == 64);
  CHECK(digest.find_first_not_of("0123456789abcdef") == std::string::npos);
  CHECK(digest != Sha256Hex("Retort"));
}

}  // namespace
}  // namespace retort
