#!/bin/sh
# gen.sh CSHIM COMMAND [OPTIONS...]: run `CSHIM COMMAND OPTIONS...` on the
# glibc proving ground: the headers, selection and clang arguments listed in
# gen-args (one argument per line) and every spec in specs/glibc.
here=$(dirname "$0")
cshim=$1 cmd=$2
shift 2
for spec in "$here"/../../specs/glibc/*.spec; do
	set -- "$@" --spec "$spec"
done
while IFS= read -r arg; do
	set -- "$@" "$arg"
done <"$here/gen-args"
exec "$cshim" "$cmd" "$@"
