#!/bin/sh
# The bash completion script: sourced in bash, its function is called with
# COMP_WORDS and COMP_CWORD as bash would, and COMPREPLY is checked.
. "${B24_TESTDIR:-$(dirname "$0")}/lib.sh"

SCRIPT=$B24_BUILDDIR/data/bash-completion/b24user
command -v bash >/dev/null 2>&1 || skip_all "bash is not installed"
[ -r "$SCRIPT" ] || bail_out "$SCRIPT was not built"
B24USER_DATADIR=$B24_TESTDIR/../data
export B24USER_DATADIR

mkdir -p "$XDG_CONFIG_HOME/b24user"
cat >"$XDG_CONFIG_HOME/b24user/config" <<'EOF'
[general]
default_profile = prod

# production
[profile prod]
portal = https://example.bitrix24.com
read_only = true

[profile sand box]
portal = https://sandbox.example.com
EOF

# complete WORD...: the candidates for the last word, one per line,
# sorted; the program is the b24user under test.
complete_line() {
	bash -c '
		. "$1"
		shift
		COMP_WORDS=("$@")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		_b24user 2>/dev/null
		printf "%s\n" "${COMPREPLY[@]}" | sort
	' complete-test "$SCRIPT" "$B24USER" "$@"
}

plan 17

out=$(complete_line "")
like "$out" '^update$' "commands: update"
like "$out" '^profiles$' "commands: profiles"
like "$out" '^auth$' "commands: auth"
unlike "$out" '^Run$|^--' "... and nothing else"

is "$(complete_line pro)" "profiles" "a command from its start"
is "$(complete_line --profile "")" "prod
sand box" "profile names from the config file, spaces and all"
is "$(complete_line profiles remove "")" "prod
sand box" "profiles remove offers the profiles"
is "$(complete_line profiles "")" "add
list
remove" "profiles subcommands"
is "$(complete_line auth "")" "login
logout
status" "auth subcommands"
is "$(complete_line --auth o)" "oauth" "--auth values"
is "$(complete_line profiles add x --color r)" "red" "--color values"
is "$(complete_line update 5 --set NA)" "NAME=" "--set offers FIELD="
is "$(complete_line update 5 --set I)" "" \
	"... but not fields the portal will not take (ID)"
like "$(complete_line search --fields ID,LAST)" '^ID,LAST_NAME$' \
	"--fields completes the item after the comma"
out=$(complete_line update --allow)
is "$out" "--allow-unknown-fields
--allow-write" "options of a command, global ones too"
like "$(complete_line --prof)" '^--profile$' "options before the command"
is "$(complete_line --profile prod update 5 --dr)" "--dry-run" \
	"a global option's value is not taken for the command"

done_testing
