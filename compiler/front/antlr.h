/// The one include of the generated ANTLR parser. Nothing outside front/
/// includes this file, so no ANTLR type escapes the front end.
#pragma once

#pragma GCC system_header
#include "RetortLexer.h"
#include "RetortParser.h"
#include "antlr4-runtime.h"
