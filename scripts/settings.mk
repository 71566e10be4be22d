# The settings a user types on the make command line, checked by make itself before any recipe runs, so
# before any work and before any shell sees a value. A typo stops with one line naming the valid values
# (make exits 2) instead of a silent fallback 45 s later, a stack trace, or a shell command run from a
# notebook name (`make figures 'NOTEBOOK=x;touch pwned'`).
#
# Values are read with $(value ...): make never expands them here, so `PROFILE='$(shell ...)'` is refused
# as text. The lists mirror lib/profile.ts (profiles) and lib/backend/select.ts (BACKEND_CHOICES);
# test/settings.test.ts holds them equal. scripts/notebook_settings.py checks the same for the runner.

comma := ,
empty :=
space := $(empty) $(empty)
listed = $(subst $(space),$(comma) ,$(strip $1))

PROFILES := smoke quick long paper
BACKENDS := node-gpu node wasm cpu
TWIN_NAMES := $(sort $(patsubst notebooks/%.ts,%,$(filter-out %.d.ts,$(wildcard notebooks/*.ts))))

# $(call exactly_one_of,VAR,values[,or unset]): VAR holds exactly one of the values.
exactly_one_of = $(if $(filter-out 1,$(words $(value $1)))$(filter-out $2,$(value $1)),$(error $1="$(value $1)" is not valid; valid values: $(call listed,$2)$3))
# $(call unset_or_one_of,VAR,values): VAR is unset, empty, or exactly one of the values.
unset_or_one_of = $(if $(strip $(value $1)),$(call exactly_one_of,$1,$2,$(comma) or unset))

digits := 0 1 2 3 4 5 6 7 8 9
without_digits = $(if $2,$(call without_digits,$(subst $(firstword $2),,$1),$(wordlist 2,10,$2)),$1)
# $(call unset_or_positive_integer,VAR,meaning of unset): one word of digits, no leading zero.
unset_or_positive_integer = $(if $(strip $(value $1)),$(if $(filter-out 1,$(words $(value $1)))$(call without_digits,$(value $1),$(digits))$(filter 0%,$(value $1)),$(error $1="$(value $1)" is not valid; valid values: a positive integer, or unset for $2)))

# A notebook is named by its twin, notebooks/<name>.ts; notebooks/<name>.ts and <name>.ipynb are accepted too.
notebook_name = $(patsubst %.ipynb,%,$(patsubst %.ts,%,$(notdir $1)))
unknown_notebooks = $(filter-out $(TWIN_NAMES),$(foreach n,$(value NOTEBOOK),$(call notebook_name,$n)))

$(call exactly_one_of,PROFILE,$(PROFILES))
$(call unset_or_one_of,TFJS_BACKEND,$(BACKENDS))
$(call unset_or_one_of,SOBOLEV_NATIVE,0 1)
$(call unset_or_one_of,SOBOLEV_GEMM,openblas onednn)
$(call unset_or_one_of,SOBOLEV_CONV,onednn im2col)
$(call unset_or_positive_integer,OPENBLAS_NUM_THREADS,1)
$(call unset_or_positive_integer,JOBS,the number of cores)
$(call unset_or_positive_integer,ROUNDS,the default)
$(call unset_or_one_of,FORCE,0 1)
$(call unset_or_one_of,REBUILD_NATIVE,0 1)
$(if $(unknown_notebooks),$(error NOTEBOOK="$(value NOTEBOOK)" names no notebook ($(call listed,$(unknown_notebooks))); valid names: $(call listed,$(TWIN_NAMES))))
