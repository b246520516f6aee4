#!/usr/bin/env bash
# Install R 4.2 and the Debian R packages the parity suite calls, unless they are already there.
# Idempotent: a second run only checks (about a second). Uses sudo when not root.
set -euo pipefail
DEB_PKGS="r-base-core r-base-dev r-cran-glmnet r-cran-rms r-cran-proc r-cran-performance r-cran-mass r-cran-caret r-cran-hmisc r-cran-prodlim"
R_PKGS='c("glmnet", "rms", "pROC", "performance", "MASS", "Hmisc", "caret", "survival", "prodlim")'

have_r() {
  command -v Rscript >/dev/null 2>&1 &&
    Rscript -e "for (p in $R_PKGS) if (!requireNamespace(p, quietly = TRUE)) quit(status = 1)" >/dev/null 2>&1
}

if have_r; then
  echo "R: $(Rscript -e 'cat(R.version.string)' 2>/dev/null) with glmnet, rms, pROC, performance, MASS, Hmisc, caret, survival, prodlim (already installed)"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "error: R is missing and apt-get is not available; install R 4.2 with: $DEB_PKGS" >&2
  exit 1
fi
echo "Installing R and its packages with apt-get: $DEB_PKGS"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends $DEB_PKGS >/dev/null
if ! have_r; then
  echo "error: R packages are still missing after apt-get install" >&2
  exit 1
fi
echo "R: $(Rscript -e 'cat(R.version.string)') installed"
