"""ipclab as a Classroom 50 autograder.

Put this file at CLASSROOM/autograders/ASSIGNMENT/autograder.py in your classroom50
repository (or at CLASSROOM/autograder.py for every assignment of a classroom), next to a
packed ipclab (`npm pack` in ipclab's folder gives ipclab-<version>.tgz). Give the assignment
the runtime {"node": "20"}; Ubuntu runners already have gcc and make. `ipclab kit classroom50
<dir>` makes that folder, with your exercises but never their solutions.

Classroom 50's runner runs this script once per submission with the student's checkout as the
working directory and CLASSROOM, ASSIGNMENT, SUBMISSION_TAG, COMMIT_URL, RELEASE_URL, ... in the
environment. It runs

    ipclab grade <submission> --format classroom50 --out-dir . --exit-zero

which writes ./result.json (classroom50/result/v1) and ./release-body.md. It exits 0 whatever
the student's code did, and non-zero only when grading itself failed, which the runner reports
as an error.

Isolation: on a GitHub-hosted runner ipclab runs as root through passwordless sudo (the runner
blocks unprivileged user namespaces), so each test gets fresh namespaces and student code an
unprivileged uid of its own, never the runner's user, who holds the job's step files and
tokens; the two files it writes are given back to the runner's user. Without sudo ipclab
refuses to grade unisolated (GITHUB_ACTIONS is set), which the runner reports as an error.

Configuration: ipclab.json, found in the bundle folder (CLASSROOM50_BUNDLE_DIR, which the runner
sets to the assignment's extracted bundle, also for a classroom-wide default autograder.py),
else beside this script, else the CONFIG below (`ipclab kit classroom50` writes both):
  {"package": "ipclab-0.1.0.tgz",          a tarball in the bundle, or an npm spec
   "catalogue": "exercises",               your exercises, a folder of the bundle
   "assignments": {"msgq": ["msgq-ping-pong"], "pipes": ["pipe-copy", "pipe-sync"]},
   "exercises": ["pipe-copy"]}             for a slug not in "assignments"
An assignment whose slug maps to no exercise gets a result.json with one error entry that says
so (and exit 0), not a runner error. Messages go to standard error.

Settings, all optional (environment variables win over ipclab.json):
  IPCLAB_EXERCISES  the exercises this assignment grades, separated by spaces or commas
                    (default: ipclab.json's entry for the ASSIGNMENT slug, else its "exercises",
                    else the exercise folders found in the checkout, else the ASSIGNMENT slug
                    when it names an ipclab exercise)
  IPCLAB_CATALOGUE  a folder of your own exercises, relative to the bundle
  IPCLAB_PACKAGE    what to npm-install (default: the ipclab-*.tgz in the bundle, else
                    ipclab.json's "package")
"""

import datetime
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
BUNDLE = os.environ.get("CLASSROOM50_BUNDLE_DIR", "") or HERE
EXERCISES = []  # e.g. ["msgq-ping-pong"]; the environment variable wins
CATALOGUE = ""  # e.g. "exercises"
CONFIG = {}  # ipclab.json's content, for a classroom-wide autograder.py without a bundle
CONFIG_FILE = "ipclab.json"
SOURCE_SUFFIXES = (".c", ".h", ".ts")


def log(message):
    print(f"ipclab autograder: {message}", file=sys.stderr, flush=True)


class ConfigError(Exception):
    pass


def load_config():
    """ipclab.json from the bundle folder, else beside this script, else CONFIG."""
    for folder in dict.fromkeys([BUNDLE, HERE]):
        path = os.path.join(folder, CONFIG_FILE)
        if os.path.isfile(path):
            try:
                with open(path, encoding="utf-8") as f:
                    config = json.load(f)
            except (OSError, ValueError) as err:
                raise ConfigError(f"{path} is not valid JSON: {err}")
            if not isinstance(config, dict):
                raise ConfigError(f"{path} is not a JSON object")
            return config
    return CONFIG


def in_bundle(name):
    """A file or folder named in the configuration: in the bundle folder, else beside this script."""
    for folder in (BUNDLE, HERE):
        path = os.path.join(folder, name)
        if os.path.exists(path):
            return path
    return ""


def ipclab_command(config):
    """The ipclab executable: installed once from the tarball in the bundle, or the configured package."""
    package = os.environ.get("IPCLAB_PACKAGE", "")
    if not package:
        tarballs = sorted(glob.glob(os.path.join(BUNDLE, "ipclab-*.tgz"))) or sorted(glob.glob(os.path.join(HERE, "ipclab-*.tgz")))
        configured = str(config.get("package", ""))
        if tarballs:
            package = tarballs[-1]
        elif configured:
            package = in_bundle(configured) or configured
        elif shutil.which("ipclab"):
            return ["ipclab"]
        else:
            package = "ipclab"
    prefix = os.path.join(tempfile.gettempdir(), "ipclab-autograder")
    binary = os.path.join(prefix, "node_modules", ".bin", "ipclab")
    if not os.path.exists(binary):
        log(f"installing {os.path.basename(package)}")
        subprocess.run(
            ["npm", "install", "--prefix", prefix, "--no-save", "--no-audit", "--no-fund", "--loglevel=error", package],
            check=True,
        )
    return [binary]


def as_root():
    """The prefix that runs ipclab as root: none when root already, sudo when it needs no password."""
    if os.geteuid() == 0 or not shutil.which("sudo"):
        return []
    if subprocess.run(["sudo", "-n", "true"], capture_output=True, check=False).returncode != 0:
        log("no passwordless sudo: ipclab grades as this user, and refuses to without isolation")
        return []
    # sudo resets PATH to its secure_path: keep the one that finds node
    return ["sudo", "-E", "env", f"PATH={os.environ.get('PATH', '')}"]


def give_back(prefix, paths):
    """Files ipclab wrote as root belong to the runner's user again."""
    present = [p for p in paths if os.path.lexists(p)]
    if prefix and present:
        subprocess.run(["sudo", "-n", "chown", f"{os.getuid()}:{os.getgid()}", *present], check=False)


def catalogue_ids(ipclab, catalogue):
    """Exercise ids: your catalogue's folders, or ipclab's (`ipclab list`, id first on each line)."""
    if catalogue:
        return sorted(d for d in os.listdir(catalogue) if os.path.isfile(os.path.join(catalogue, d, "exercise.yaml")))
    listed = subprocess.run(ipclab + ["list"], capture_output=True, text=True, check=False)
    return [line.split()[0] for line in listed.stdout.splitlines() if line.strip()]


def as_list(value):
    if isinstance(value, str):
        return [e for e in re.split(r"[\s,]+", value) if e]
    return [str(e) for e in value] if isinstance(value, list) else []


def wanted_exercises(config, known):
    """The exercises to grade, and where that choice came from (for the messages)."""
    assignment = os.environ.get("ASSIGNMENT", "")
    mapped = config.get("assignments") if isinstance(config.get("assignments"), dict) else {}
    sources = [
        ("IPCLAB_EXERCISES", os.environ.get("IPCLAB_EXERCISES", "")),
        (f"{CONFIG_FILE} assignments[{assignment!r}]", mapped.get(assignment, [])),
        (f"{CONFIG_FILE} exercises", config.get("exercises", [])),
        ("EXERCISES in autograder.py", EXERCISES),
    ]
    for source, value in sources:
        if as_list(value):
            return as_list(value), source
    present = [e for e in known if os.path.isdir(e)]
    if present:
        return present, "the exercise folders in the repository"
    return ([assignment], "the assignment slug") if assignment in known else ([], "")


def write_error_result(message):
    """A result.json with one error entry (0 of 0 points): what went wrong is the course's
    configuration, not the student's work, and Classroom 50 shows the message."""
    env = os.environ.get
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    identity = {
        "classroom": env("CLASSROOM", ""), "assignment": env("ASSIGNMENT", ""),
        "assignment_type": env("ASSIGNMENT_TYPE", "") or "individual",
        "owner": env("OWNER", "") or env("USERNAME", ""), "submission": env("SUBMISSION_TAG", ""),
        "commit": env("COMMIT_URL", ""), "release": env("RELEASE_URL", ""),
        "review": env("REVIEW_URL", "") or env("COMMIT_URL", ""),
    }
    result = {"schema": "classroom50/result/v1", **{k: v for k, v in identity.items() if v},
              "datetime": now, "graded_at": now, "score": 0, "max-score": 0,
              "tests": [{"test-name": "ipclab: this assignment could not be graded", "passed": False,
                         "score": 0, "max-score": 0, "message": message}]}
    with open("result.json", "w", encoding="utf-8") as f:
        f.write(json.dumps(result, indent=2) + "\n")
    with open("release-body.md", "w", encoding="utf-8") as f:
        f.write("### ipclab could not grade this submission (not your fault)\n\n"
                + message.replace("<", "&lt;").replace(">", "&gt;") + "\n\nYour instructor has been told by this message; nothing you submitted was run.\n")
    log(message)


def submission_folder(exercises, scratch):
    """A folder with one sub-folder per exercise, as ipclab expects.

    A checkout that already has them is graded in place. A one-exercise repository with its
    sources at the top is copied into <scratch>/<exercise>/.
    """
    if not exercises or any(os.path.isdir(e) for e in exercises):
        return "."
    flat = [f for f in os.listdir(".") if f.endswith(SOURCE_SUFFIXES) or f in ("Makefile", "makefile")]
    if len(exercises) == 1 and flat:
        target = os.path.join(scratch, exercises[0])
        shutil.copytree(".", target, ignore=shutil.ignore_patterns(".git", ".github", "node_modules"))
        log(f"sources at the top of the repository: graded as {exercises[0]}/")
        return scratch
    return "."


def main():
    try:
        config = load_config()
    except ConfigError as err:
        write_error_result(f"the autograder's configuration is broken: {err}")
        return 0
    try:
        ipclab = ipclab_command(config)
    except (OSError, subprocess.CalledProcessError) as err:
        log(f"could not install ipclab: {err}")
        return 3
    catalogue = os.environ.get("IPCLAB_CATALOGUE", "") or str(config.get("catalogue", "")) or CATALOGUE
    if catalogue:
        found = in_bundle(catalogue)
        if not found:
            write_error_result(f"the catalogue folder {catalogue!r} is not in the autograder's bundle ({BUNDLE})")
            return 0
        catalogue = found
    known = catalogue_ids(ipclab, catalogue)
    exercises, source = wanted_exercises(config, known)
    assignment = os.environ.get("ASSIGNMENT", "")
    if not exercises:
        mapped = sorted(config.get("assignments", {})) if isinstance(config.get("assignments"), dict) else []
        write_error_result(
            f"the assignment {assignment!r} maps to no ipclab exercise: it is not in {CONFIG_FILE}'s \"assignments\""
            + (f" ({', '.join(mapped)})" if mapped else "")
            + ", no exercise is configured, the repository has no exercise folder, and the slug is not an exercise id")
        return 0
    unknown = [e for e in exercises if e not in known]
    if unknown:
        write_error_result(f"{source} names {', '.join(unknown)}, which {'is' if len(unknown) == 1 else 'are'} not in the catalogue (known: {', '.join(known)})")
        return 0
    log(f"assignment {assignment!r}: {', '.join(exercises)} (from {source})")
    with tempfile.TemporaryDirectory(prefix="ipclab-submission-") as scratch:
        args = ipclab + ["grade", submission_folder(exercises, scratch), "--format", "classroom50", "--out-dir", os.getcwd(), "--exit-zero"]
        for exercise in exercises:
            args += ["--exercise", exercise]
        if catalogue:
            args += ["--catalogue", catalogue]
        log(" ".join(args[len(ipclab):]))
        prefix = as_root()
        code = subprocess.run(prefix + args, check=False).returncode
        give_back(prefix, [os.path.join(os.getcwd(), f) for f in ("result.json", "release-body.md")])
    if code != 0:
        log(f"grading failed (ipclab exited with {code}); Classroom 50 reports this submission as an error")
    return code


if __name__ == "__main__":
    sys.exit(main())
