# retort_add_migrations(): compile a directory of .mig files into a `migrate`
# executable at build time.
#
# Arguments:
#   NAME <name>        name of the executor binary, e.g. migrate
#   DIRECTORY <dir>    directory holding the .mig files, relative to the
#                      current source directory (or absolute)
#   OUT_VAR <var>      optional: set to the path of the generated .cpp
#   STRICT             optional: safety lints a revision does not acknowledge
#                      (`allow data_loss` ...) fail the build
#   MODEL <dir>        optional: a directory of model files (the schema the
#                      project wants, as `retortc schema` prints it); the
#                      build fails, printing the missing revision, until the
#                      migrations' head has that schema
#   TABLE_TARGET <t>   optional: the table library's target (default <name>_table)
#   EXECUTABLE_TARGET <t>  optional: the executor's target (default <name>_exe)
#   RUN_TARGET <t>     optional: the target that migrates (default <name>;
#                      NONE: no such target, e.g. when the project has its own
#                      `migrate` target)
#
# Example:
#   retort_add_migrations(NAME migrate DIRECTORY migrations)
#
# It produces these targets:
#   <name>_table   static library holding the compiled migration table; link
#                  it with Retort::runtime into an executable of your own
#                  (calling retort::cli::MigrateMain, retort/migrate.h) to
#                  reuse a target instead of the executor below (built when
#                  something links it, not by `all`)
#   <name>_table_objects  the same objects as an OBJECT library (what the
#                  executor links)
#   <name>_exe     the executor binary bin/<name>, linking the table and runtime
#   <name>         runs `<name> upgrade head` in the current binary directory
#                  (DATABASE_URL from the environment; without it an SQLite
#                  file retort.db there), so `cmake --build build --target
#                  migrate` migrates the local database
#
# In Release and MinSizeRel builds the executor is stripped (set RETORT_STRIP
# to OFF before the call to keep its symbols). It links with lld, or gold,
# when the compiler accepts one (set RETORT_LINKER to a -fuse-ld name, or to
# `default` for the toolchain's own).
#
# retortc re-runs when a .mig file is added, changed, removed or renamed,
# without configuring the build again: the command depends on the directory
# and on the files retortc's depfile names. (A tool that gives the directory
# an older time while adding files, as `tar x` or `rsync -a` of the
# directory can, hides the addition: touch the directory, or configure.)
# With Ninja only the chunk files whose bytes changed are recompiled; Make
# recompiles every table file after retortc ran. It keeps every file's parse in
# <name>_table.parse-cache and parses only files whose text changed. It
# rewrites the table only where its bytes change, and Ninja then skips the
# recompile. A broken history fails the build with retortc's file:line:col
# diagnostics.
#
# The project settings, <dir>/retort.toml (target dialects, MySQL table
# defaults, server versions; docs/dsl.md "Project settings"), are read by
# retortc itself, so `retortc check` and the build always agree; the file is
# a dependency like the .mig files (adding, editing or removing it rebuilds).
# The fastest linker the C++ compiler accepts (-fuse-ld=lld, then gold), or
# "" for its default; checked once per build directory.
function(_retort_fast_linker out)
  if(NOT DEFINED CACHE{RETORT_FAST_LINKER_FLAG})
    include(CheckLinkerFlag)
    set(found "")
    foreach(ld IN ITEMS lld gold)
      string(TOUPPER "${ld}" upper)
      check_linker_flag(CXX "-fuse-ld=${ld}" RETORT_LINKER_${upper}_WORKS)
      if(RETORT_LINKER_${upper}_WORKS)
        set(found "-fuse-ld=${ld}")
        break()
      endif()
    endforeach()
    set(RETORT_FAST_LINKER_FLAG "${found}" CACHE INTERNAL "the executor's linker flag")
  endif()
  set(${out} "${RETORT_FAST_LINKER_FLAG}" PARENT_SCOPE)
endfunction()

function(retort_add_migrations)
  cmake_parse_arguments(PARSE_ARGV 0 ARG "STRICT"
    "NAME;DIRECTORY;OUT_VAR;MODEL;TABLE_TARGET;EXECUTABLE_TARGET;RUN_TARGET" "")
  if(ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "retort_add_migrations: unknown arguments: ${ARG_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT ARG_NAME)
    message(FATAL_ERROR "retort_add_migrations: NAME is required")
  endif()
  if(NOT ARG_DIRECTORY)
    message(FATAL_ERROR "retort_add_migrations: DIRECTORY is required")
  endif()
  set(table_target ${ARG_NAME}_table)
  set(exe_target ${ARG_NAME}_exe)
  set(run_target ${ARG_NAME})
  if(ARG_TABLE_TARGET)
    set(table_target ${ARG_TABLE_TARGET})
  endif()
  if(ARG_EXECUTABLE_TARGET)
    set(exe_target ${ARG_EXECUTABLE_TARGET})
  endif()
  if(ARG_RUN_TARGET)
    set(run_target ${ARG_RUN_TARGET})
  endif()
  foreach(t IN ITEMS ${table_target} ${exe_target} ${run_target})
    if(TARGET ${t} AND NOT t STREQUAL "NONE")
      message(FATAL_ERROR "retort_add_migrations: a target named '${t}' already exists; "
        "name this one with TABLE_TARGET, EXECUTABLE_TARGET or RUN_TARGET (NONE for no run target)")
    endif()
  endforeach()
  if(NOT DEFINED RETORT_STRIP)
    set(RETORT_STRIP ON)
  endif()
  if(IS_ABSOLUTE "${ARG_DIRECTORY}")
    set(dir "${ARG_DIRECTORY}")
  else()
    set(dir "${CMAKE_CURRENT_SOURCE_DIR}/${ARG_DIRECTORY}")
  endif()
  if(NOT IS_DIRECTORY "${dir}")
    message(FATAL_ERROR "retort_add_migrations: '${ARG_DIRECTORY}' is not a directory")
  endif()
  set(retortc retortc)
  if(TARGET Retort::retortc)
    get_target_property(aliased Retort::retortc ALIASED_TARGET)
    if(aliased)
      set(retortc ${aliased})
    else()
      set(retortc Retort::retortc)  # imported from a Retort build tree
    endif()
  endif()

  set(strict_flag "")
  if(ARG_STRICT)
    set(strict_flag --strict)
  endif()
  set(model_args "")
  set(model_files "")
  if(ARG_MODEL)
    set(model_args --model "${ARG_MODEL}")
    if(IS_ABSOLUTE "${ARG_MODEL}")
      set(model_dir "${ARG_MODEL}")
    else()
      set(model_dir "${CMAKE_CURRENT_SOURCE_DIR}/${ARG_MODEL}")
    endif()
    file(GLOB model_files LIST_DIRECTORIES false CONFIGURE_DEPENDS "${model_dir}/*.mig")
  endif()

  # What retortc reads is known to the build without configuring again when
  # a revision is added: the directory itself is a dependency (adding,
  # removing or renaming a file changes it), and retortc writes a depfile
  # naming every file it read (editing one re-runs it).
  file(GLOB migs LIST_DIRECTORIES false "${dir}/*.mig")
  set(out "${CMAKE_CURRENT_BINARY_DIR}/${ARG_NAME}_table.cpp")
  # The table comes in chunks of 256 revisions (one file each), so adding a
  # revision recompiles the last chunk and the small main file, not the
  # history. One revision per .mig file: the glob's count sizes the list,
  # with one chunk file to spare. retortc writes the count the history
  # needs to <name>_table.chunks when it changes, which configures the
  # build again (until then, revisions past the declared files are compiled
  # in the main file).
  list(LENGTH migs revision_count)
  math(EXPR chunks_needed "(${revision_count} + 255) / 256")
  if(chunks_needed LESS 1)
    set(chunks_needed 1)
  endif()
  set(chunks_file "${CMAKE_CURRENT_BINARY_DIR}/${ARG_NAME}_table.chunks")
  set(recorded "")
  if(EXISTS "${chunks_file}")
    file(READ "${chunks_file}" recorded)
    string(STRIP "${recorded}" recorded)
  endif()
  # retortc's count is the one written (the glob may count a name retortc
  # does not read, such as an editor's lock file): configuring only starts
  # the file, so the two never take turns changing it.
  if(recorded MATCHES "^[0-9]+$")
    if(recorded GREATER chunks_needed)
      set(chunks_needed ${recorded})
    endif()
  else()
    file(WRITE "${chunks_file}" "${chunks_needed}\n")
  endif()
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${chunks_file}")
  math(EXPR chunk_count "${chunks_needed} + 1")
  set(chunk_files "")
  math(EXPR last_chunk "${chunk_count} - 1")
  foreach(k RANGE ${last_chunk})
    list(APPEND chunk_files "${CMAKE_CURRENT_BINARY_DIR}/${ARG_NAME}_table_chunk${k}.cpp")
  endforeach()
  # Run from the source directory with a relative --dir so diagnostics and
  # the table name files as the user sees them (no absolute paths).
  set(cache_file "${CMAKE_CURRENT_BINARY_DIR}/${ARG_NAME}_table.parse-cache")
  set(depfile "${CMAKE_CURRENT_BINARY_DIR}/${ARG_NAME}_table.d")
  cmake_policy(PUSH)
  cmake_policy(SET CMP0116 NEW)  # the depfile's paths as Ninja needs them
  # retortc rewrites the stamp on every successful run: Make, which cannot
  # see that the table files were left alone, compares the inputs with it
  # (Ninja restats each output).
  set(stamp "${CMAKE_CURRENT_BINARY_DIR}/${ARG_NAME}_table.stamp")
  add_custom_command(
    OUTPUT "${stamp}" "${out}" ${chunk_files}
    BYPRODUCTS "${cache_file}"
    COMMAND ${retortc} compile --dir "${ARG_DIRECTORY}" --out "${out}" --chunks ${chunk_count}
            --cache "${cache_file}" --depfile "${depfile}" --chunks-file "${chunks_file}"
            --stamp "${stamp}" ${strict_flag} ${model_args}
    DEPENDS ${retortc} "${dir}" ${model_files}
    DEPFILE "${depfile}"
    WORKING_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}"
    COMMENT "retortc: compiling ${ARG_DIRECTORY}/ into ${ARG_NAME}_table.cpp"
    VERBATIM)
  cmake_policy(POP)

  add_library(${table_target}_objects OBJECT "${out}" ${chunk_files})
  target_link_libraries(${table_target}_objects PUBLIC Retort::runtime)
  add_library(${table_target} STATIC EXCLUDE_FROM_ALL $<TARGET_OBJECTS:${table_target}_objects>)
  target_link_libraries(${table_target} PUBLIC Retort::runtime)

  add_executable(${exe_target} "${RETORT_MIGRATE_ENTRY}")
  # The binary goes to bin/: the run target below owns the name <name> in
  # the current binary directory.
  set_target_properties(${exe_target} PROPERTIES OUTPUT_NAME ${ARG_NAME}
    RUNTIME_OUTPUT_DIRECTORY "${CMAKE_CURRENT_BINARY_DIR}/bin")
  target_link_libraries(${exe_target} PRIVATE ${table_target}_objects Retort::runtime)
  # Start-up is on every deploy's critical path. The C++ runtime is linked
  # in (fewer shared objects to load and resolve; an image needs no matching
  # libstdc++), and the executable is not position-independent, so the
  # table's pointers are fixed at link time instead of being relocated at
  # every start (200,000 relocations at 10,000 revisions). Unused sections
  # are dropped; Release builds are stripped.
  target_link_options(${exe_target} PRIVATE -static-libstdc++ -static-libgcc -no-pie
    -Wl,--gc-sections
    $<$<AND:$<BOOL:${RETORT_STRIP}>,$<CONFIG:Release,MinSizeRel>>:-s>)
  # Every added revision relinks the executor: LLVM's lld does it in a
  # tenth of the time of the default linker (0.1 s against 0.9 s at 10,000
  # revisions), gold in two thirds. The first the compiler accepts is used;
  # RETORT_LINKER=default keeps the toolchain's own.
  if(NOT DEFINED RETORT_LINKER)
    set(RETORT_LINKER auto)
  endif()
  get_target_property(ipo ${exe_target} INTERPROCEDURAL_OPTIMIZATION)
  if(RETORT_LINKER STREQUAL "auto" AND ipo AND CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    set(linker_flag "")  # GCC's LTO objects need its own linker plugin: the default
  elseif(RETORT_LINKER STREQUAL "auto")
    _retort_fast_linker(linker_flag)
  elseif(NOT RETORT_LINKER STREQUAL "default")
    set(linker_flag "-fuse-ld=${RETORT_LINKER}")
  else()
    set(linker_flag "")
  endif()
  if(linker_flag)
    target_link_options(${exe_target} PRIVATE ${linker_flag})
  endif()

  if(NOT run_target STREQUAL "NONE")
    add_custom_target(${run_target}
      COMMAND ${exe_target} upgrade head
      WORKING_DIRECTORY "${CMAKE_CURRENT_BINARY_DIR}"
      COMMENT "${ARG_NAME} upgrade head"
      USES_TERMINAL
      VERBATIM)
  endif()
  if(ARG_OUT_VAR)
    set(${ARG_OUT_VAR} "${out}" PARENT_SCOPE)
  endif()
endfunction()
