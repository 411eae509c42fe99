#!/usr/bin/env bash
# Regenerates the EF Core compiled model of each provider (what `dotnet ef dbcontext optimize` writes) into
# Volunteer.Infrastructure/Persistence/CompiledModels/{Sqlite,Postgres}, which the API starts with:
#   eng/migrations/compiled-model.sh
# Run it after any change to the model (add-migration.sh runs it too); CompiledModelTests fails until then.
set -euo pipefail
cd "$(dirname "$0")"
# A stale compiled model may no longer compile against the changed entities: the API finds the models by
# their assembly attribute (Persistence/CompiledModel.cs), so it builds without them, and they are written anew.
rm -rf ../../Volunteer.Infrastructure/Persistence/CompiledModels/Sqlite ../../Volunteer.Infrastructure/Persistence/CompiledModels/Postgres
dotnet run -c Release -- --compiled-model
