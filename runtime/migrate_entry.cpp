// The `migrate` executable: the executor library plus the generated table.
// retort_add_migrations() compiles this file into each application's target.
#include "retort/migrate.h"
#include "retort/generated.h"

int main(int argc, char** argv) {
  return retort::cli::MigrateMain(argc, argv, retort::generated::kTable);
}
