#!/bin/sh
# Counts the public API of a module from its compiled classes: public types (nested ones included) of
# its non-internal packages, and their public and protected members (fields, constructors, methods;
# for enums and records also the members the compiler adds). Run `mvn -o compile` first.
# Usage: scripts/api-size.sh payload-offload-core [payload-offload-testkit ...]
set -eu
for module in "$@"; do
  classes="$module/target/classes"
  names=$(cd "$classes" && find io -name '*.class' ! -path '*/internal/*' ! -name 'module-info.class' \
    ! -name 'package-info.class' | sed 's/\.class$//; s#/#.#g' | sort)
  # shellcheck disable=SC2086
  javap -protected -cp "$classes" $names | awk -v module="$module" '
    /^Compiled from/ { next }
    /^[a-z].*(class|interface|enum|record) [^ ]+.*\{$/ {
      public = ($1 == "public"); if (public) types++; next }
    /^}/ { public = 0; next }
    public && /;$/ && $0 !~ /^ *static \{\};$/ { members++ }
    END { printf "%s: %d types, %d members\n", module, types, members }'
done
