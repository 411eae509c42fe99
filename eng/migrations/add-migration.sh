#!/usr/bin/env bash
# Scaffolds a migration for both providers from the current model:
#   eng/migrations/add-migration.sh AddRewards
# Then review the files, build, and run the tests (the drift test fails until both exist).
set -euo pipefail
cd "$(dirname "$0")"
name=${1:?usage: add-migration.sh <MigrationName>}
# A stale compiled model may no longer compile against the changed entities: it is written anew below.
rm -rf ../../Volunteer.Infrastructure/Persistence/CompiledModels/Sqlite ../../Volunteer.Infrastructure/Persistence/CompiledModels/Postgres
dotnet run -c Release -- "$name"
# The compiled models the API starts with follow the model (CompiledModelTests checks them).
dotnet run -c Release --no-build -- --compiled-model
