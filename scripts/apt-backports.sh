# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# The bookworm-backports apt source, derived from the machine's own Debian
# source so that it uses the same mirror (or proxy, or internal repository),
# keyring, components and options. Source it; do not run it. deps.sh uses
# it; deps-test.sh runs it on scratch copies of the apt configuration.
#
# apt reads two formats: deb822 stanzas (sources.list.d/*.sources) and
# one-line entries (sources.list, sources.list.d/*.list). The entry added is
# in the format of the one it is derived from.

MS_APT_ETC=${MS_APT_ETC:-/etc/apt}
MS_APT_SUITE=bookworm
MS_APT_BACKPORTS=$MS_APT_SUITE-backports
# Fields of an entry record (ms_apt_entries), in this order: file, format
# (822 or line), stanza or line number, enabled (yes/no), types, URIs,
# suites, components, Signed-By, one-line options. \x1f separates them, so
# that empty fields survive `read`.
MS_APT_FS=$'\x1f'

# The source files apt reads, in its order: sources.list, then
# sources.list.d/ by name (other names, like *.disabled, are ignored).
ms_apt_files() {
	local LC_ALL=C f
	[ -f "$1/sources.list" ] && echo "$1/sources.list"
	for f in "$1"/sources.list.d/*; do
		case $f in
		*.list | *.sources) [ -f "$f" ] && echo "$f" ;;
		esac
	done
	return 0
}

_ms_apt_record() {
	local IFS=$MS_APT_FS
	printf '%s\n' "$*"
}

_ms_apt_trim() {
	local s=$1
	s=${s#"${s%%[![:space:]]*}"}
	printf '%s' "${s%"${s##*[![:space:]]}"}"
}

# One record per deb822 stanza of file $1. Stanzas are separated by blank
# lines; lines starting with '#' are comments; a line starting with a blank
# continues the field before it. An embedded Signed-By key shows as
# "(embedded key)".
# shellcheck disable=SC2094 # $file is only read; the record goes to stdout
_ms_apt_822_entries() {
	local file=$1 n=0 line key val last='' started=''
	local -A f=()
	while :; do
		line=
		IFS= read -r line || [ -n "$line" ] || line=$'\n'
		if [ "$line" = $'\n' ] || [[ $line =~ ^[[:space:]]*$ ]]; then
			if [ -n "$started" ]; then
				val=${f[enabled]:-yes}
				case ${val,,} in no | false | 0) val=no ;; *) val=yes ;; esac
				[ -n "${f[signed-by]:-}" ] || [ -z "${f[signed-by-key]:-}" ] ||
					f[signed-by]="(embedded key)"
				_ms_apt_record "$file" 822 "$n" "$val" "${f[types]:-}" \
					"${f[uris]:-}" "${f[suites]:-}" \
					"${f[components]:-}" "${f[signed-by]:-}" ""
			fi
			f=() last='' started=''
			[ "$line" != $'\n' ] || break
		elif [[ $line == '#'* ]]; then
			continue
		elif [[ $line =~ ^[[:space:]] ]]; then
			[ -n "$last" ] || continue
			if [ "$last" = signed-by ]; then
				f[signed-by-key]=1
			else
				val=$(_ms_apt_trim "$line")
				f[$last]=$(_ms_apt_trim "${f[$last]:-} $val")
			fi
		elif [[ $line =~ ^([^:[:space:]]+):(.*)$ ]]; then
			[ -n "$started" ] || n=$((n + 1))
			started=1
			key=${BASH_REMATCH[1],,}
			f[$key]=$(_ms_apt_trim "${BASH_REMATCH[2]}")
			last=$key
		fi
	done <"$file"
}

# One record per one-line entry of file $1:
#   type [ options ] uri suite [component...]   # comment
# shellcheck disable=SC2094 # as above
_ms_apt_line_entries() {
	local file=$1 n=0 line type rest opts o signed uri suite comps
	while IFS= read -r line || [ -n "$line" ]; do
		n=$((n + 1))
		line=$(_ms_apt_trim "${line%%#*}")
		[ -n "$line" ] || continue
		type=${line%%[[:space:]]*}
		rest=$(_ms_apt_trim "${line#"$type"}")
		opts='' signed=''
		if [[ $rest == '['* ]]; then
			opts=${rest#[}
			opts=$(_ms_apt_trim "${opts%%]*}")
			rest=$(_ms_apt_trim "${rest#*]}")
			for o in $opts; do
				case $o in signed-by=*) signed=${o#signed-by=} ;; esac
			done
		fi
		read -r uri suite comps <<<"$rest"
		_ms_apt_record "$file" line "$n" yes "$type" "$uri" "$suite" \
			"$comps" "$signed" "$opts"
	done <"$file"
}

# Every entry of the apt configuration in $1 (default $MS_APT_ETC).
ms_apt_entries() {
	local f
	while IFS= read -r f; do
		case $f in
		*.sources) _ms_apt_822_entries "$f" ;;
		*) _ms_apt_line_entries "$f" ;;
		esac
	done < <(ms_apt_files "${1:-$MS_APT_ETC}")
}

# Is word $1 in the blank-separated list $2?
_ms_apt_has() {
	case " $2 " in *" $1 "*) return 0 ;; esac
	return 1
}

# The file of the first enabled "deb" entry for bookworm-backports in $1,
# in either format and any file name; nothing if there is none.
ms_apt_backports_find() {
	local file fmt n en types uris suites comps signed opts
	while IFS=$MS_APT_FS read -r file fmt n en types uris suites comps signed opts; do
		if [ "$en" = yes ] && _ms_apt_has deb "$types" &&
			_ms_apt_has "$MS_APT_BACKPORTS" "$suites"; then
			echo "$file"
			return 0
		fi
	done < <(ms_apt_entries "${1:-$MS_APT_ETC}")
}

# The record of the machine's main Debian source in $1: an enabled "deb"
# entry for bookworm with component main, not a security archive, and
# signed by Debian's archive keyring (or with no Signed-By) or with a URI
# ending in /debian; a vendor's "bookworm main" repository with its own
# keyring elsewhere is not one. Among several, the keyring counts most,
# then the URI, then apt's order. Nothing if there is none.
ms_apt_main_source() {
	local file fmt n en types uris suites comps signed opts rec u
	local score best='' best_score=-1
	while IFS= read -r rec; do
		IFS=$MS_APT_FS read -r file fmt n en types uris suites comps signed opts <<<"$rec"
		if [ "$en" != yes ] || ! _ms_apt_has deb "$types" ||
			! _ms_apt_has "$MS_APT_SUITE" "$suites" ||
			! _ms_apt_has main "$comps"; then
			continue
		fi
		case " $uris " in *security*) continue ;; esac
		score=0
		case $signed in "" | *debian-archive*) score=2 ;; esac
		for u in $uris; do
			[[ $u =~ /debian(\.list)?/?$ ]] && { score=$((score + 1)); break; }
		done
		[ $score -gt 0 ] || continue
		if [ $score -gt $best_score ]; then
			best=$rec best_score=$score
		fi
	done < <(ms_apt_entries "${1:-$MS_APT_ETC}")
	[ -z "$best" ] || printf '%s\n' "$best"
}

# The file to add in apt configuration $1 for main-source record $2.
ms_apt_backports_target() {
	local fmt
	IFS=$MS_APT_FS read -r _ fmt _ <<<"$2"
	if [ "$fmt" = 822 ]; then
		echo "$1/sources.list.d/$MS_APT_BACKPORTS.sources"
	else
		echo "$1/sources.list.d/$MS_APT_BACKPORTS.list"
	fi
}

# One line on the entry derived from record $1.
ms_apt_describe() {
	local file fmt n en types uris suites comps signed opts
	IFS=$MS_APT_FS read -r file fmt n en types uris suites comps signed opts <<<"$1"
	printf '%s from %s, %s, Signed-By %s, as in %s' "$MS_APT_BACKPORTS" \
		"$uris" "$comps" "${signed:-none (the keys apt trusts)}" "$file"
}

# The content of the file to add for record $1: its stanza or line with
# the suite bookworm-backports and type deb; every other field or option
# (URIs, Components, Signed-By, Architectures, ...) as it is.
ms_apt_backports_entry() {
	local file fmt n en types uris suites comps signed opts
	local line i=0 started='' skip='' key
	IFS=$MS_APT_FS read -r file fmt n en types uris suites comps signed opts <<<"$1"
	echo "# $MS_APT_BACKPORTS, from the same source as $file"
	echo "# (added by memory_set's scripts/deps.sh)"
	if [ "$fmt" != 822 ]; then
		echo "deb ${opts:+[$opts] }$uris $MS_APT_BACKPORTS $comps"
		return
	fi
	while IFS= read -r line || [ -n "$line" ]; do
		if [[ $line =~ ^[[:space:]]*$ ]]; then
			[ -z "$started" ] || [ $i -ne "$n" ] || return 0
			started=
			continue
		fi
		[[ $line != '#'* ]] || continue
		if [[ $line =~ ^([^:[:space:]]+): ]]; then
			if [ -z "$started" ]; then
				started=1
				i=$((i + 1))
			fi
			[ $i -eq "$n" ] || continue
			key=${BASH_REMATCH[1],,}
			skip=1
			case $key in
			types) echo "Types: deb" ;;
			suites) echo "Suites: $MS_APT_BACKPORTS" ;;
			enabled) ;;
			*) skip= && printf '%s\n' "$line" ;;
			esac
		elif [ -n "$started" ] && [ $i -eq "$n" ] && [[ $line =~ ^[[:space:]] ]]; then
			[ -n "$skip" ] || printf '%s\n' "$line"
		fi
	done <"$file"
}
