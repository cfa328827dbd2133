#!/bin/sh
# Prints the home of a JDK that can build and run Agentry; ./mvnw and ./agentry take it as JAVA_HOME, so that
# the README's commands work on a machine whose default `java` is older than the project's release.
#
# The release needed is <java.version> of the root pom.xml. A candidate qualifies when it is a JDK (bin/java and
# bin/javac) of that release or newer; its release is read from its `release` file (no JVM is started for it).
# Candidates, in this order:
#   1. $JAVA_HOME, then the JDK of the `java` on the PATH: the first of them that qualifies is used as it is;
#   2. the JDKs installed under the directories of $AGENTRY_JDK_DIRS (space-separated; default below: the
#      packages of Debian, Ubuntu, Fedora and others, SDKMAN!, IntelliJ's downloads, asdf, macOS): of those
#      that qualify, the one of the lowest release (the project's own release when there is one), and one line
#      on standard error says which was chosen, since it is not the one the shell would have used.
# When none qualifies: exit status 1, and the first line on standard error names the release needed and what
# was found, the second how to get one.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd -P)
needed=$(sed -n 's:.*<java.version>\([0-9][0-9]*\)</java.version>.*:\1:p' "$root/pom.xml" | head -n 1)
[ -n "$needed" ] || { echo "find-jdk.sh: no <java.version> in $root/pom.xml" >&2; exit 2; }
dirs=${AGENTRY_JDK_DIRS-/usr/lib/jvm /usr/java /opt/java /opt/jdk /opt ${HOME-}/.sdkman/candidates/java ${HOME-}/.jdks ${HOME-}/.asdf/installs/java /Library/Java/JavaVirtualMachines ${HOME-}/Library/Java/JavaVirtualMachines}

# The version of the JDK or JRE at $1 ("25.0.3", "1.8.0_392"), or nothing when $1 is not one.
version_of() {
  [ -x "$1/bin/java" ] || return 0
  if [ -r "$1/release" ]; then
    sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$1/release" | head -n 1
  else
    "$1/bin/java" -version 2>&1 | sed -n '1s/.*version "\([^"]*\)".*/\1/p'
  fi
}

# The feature release of a version: 1.8.0_392 -> 8, 25.0.3 -> 25, 26-ea -> 26.
release_of() {
  v=${1#1.}
  [ "$v" != "$1" ] || v=$1
  v=${v%%[!0-9]*}
  printf '%s\n' "${v:-0}"
}

found=''      # what was seen, for the message when nothing qualifies
seen=' '      # resolved homes already looked at
# Looks at the JDK at $1 (how it was found: $2); succeeds when it qualifies, then $release is its release.
consider() {
  home=$(cd "$1" 2>/dev/null && pwd -P) || return 1
  case $seen in *" $home "*) return 1 ;; esac
  seen="$seen$home "
  version=$(version_of "$home")
  [ -n "$version" ] || return 1
  release=$(release_of "$version")
  kind=JDK
  [ -x "$home/bin/javac" ] || kind='JRE (no javac)'
  found="$found${found:+, }$kind $version ($home)${2:+ $2}"
  [ "$kind" = JDK ] && [ "$release" -ge "$needed" ]
}

if [ -n "${JAVA_HOME-}" ] && consider "$JAVA_HOME" 'from JAVA_HOME'; then
  printf '%s\n' "$home"
  exit 0
fi
if java=$(command -v java 2>/dev/null) && [ -n "$java" ]; then
  java=$(readlink -f "$java" 2>/dev/null || printf '%s' "$java")
  if consider "${java%/bin/java}" 'on PATH'; then
    printf '%s\n' "$home"
    exit 0
  fi
fi
shell_found=$found

best='' best_release=''
for dir in $dirs; do
  [ -d "$dir" ] || continue
  for candidate in "$dir"/*; do
    [ -d "$candidate/Contents/Home" ] && candidate=$candidate/Contents/Home   # macOS bundles
    if consider "$candidate" ''; then
      if [ -z "$best" ] || [ "$release" -lt "$best_release" ]; then
        best=$home best_release=$release best_version=$version
      fi
    fi
  done
done

if [ -n "$best" ]; then
  echo "Using JDK $best_version ($best): Agentry needs JDK $needed or newer and found ${shell_found:-no java on PATH}; set JAVA_HOME to choose another" >&2
  printf '%s\n' "$best"
  exit 0
fi
echo "Agentry needs JDK $needed or newer; found ${found:-none}" >&2
echo "Install JDK $needed (e.g. Eclipse Temurin $needed, or 'sdk install java $needed-tem' with SDKMAN!) and set JAVA_HOME to it${dirs:+, or install it under one of: $dirs}" >&2
exit 1
