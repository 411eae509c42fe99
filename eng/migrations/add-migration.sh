#!/usr/bin/env bash
# Scaffolds a migration for both providers from the current model:
#   eng/migrations/add-migration.sh AddRewards
# Then review the files, build, and run the tests (the drift test fails until both exist).
set -euo pipefail
cd "$(dirname "$0")"
name=${1:?usage: add-migration.sh <MigrationName>}
version=10.0.14
if [ ! -f .design/lib/net10.0/Microsoft.EntityFrameworkCore.Design.dll ]; then
  rm -rf .design && mkdir -p .design
  curl -fsSL -o .design/design.nupkg \
    "https://api.nuget.org/v3-flatcontainer/microsoft.entityframeworkcore.design/$version/microsoft.entityframeworkcore.design.$version.nupkg"
  (cd .design && unzip -q design.nupkg 'lib/net10.0/*')
fi
dotnet run -c Release -- "$name"
