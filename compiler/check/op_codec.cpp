#include "check/op_codec.h"

#include "front/ast_io.h"

namespace retort::check {

std::string EncodeOps(const std::vector<ast::Op>& ops) {
  codec::Writer<false> writer;
  std::vector<ast::Op>& items = const_cast<std::vector<ast::Op>&>(ops);  // only read
  codec::Io(writer, items);
  return writer.Take();
}

std::vector<ast::Op> DecodeOps(std::string_view bytes) {
  codec::Reader<false> reader(bytes);
  std::vector<ast::Op> ops;
  codec::Io(reader, ops);
  if (!reader.done()) reader.Fail("end");
  return ops;
}

}  // namespace retort::check
