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

Settings, all optional (environment variables of the assignment, or edit the constants below):
  IPCLAB_EXERCISES  the exercises this assignment grades, separated by spaces or commas
                    (default: the ASSIGNMENT slug when it names an ipclab exercise, else every
                    exercise folder found in the checkout)
  IPCLAB_CATALOGUE  a folder of your own exercises, relative to this script
  IPCLAB_PACKAGE    what to npm-install (default: the ipclab-*.tgz beside this script)
"""

import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
EXERCISES = []  # e.g. ["msgq-ping-pong"]; the environment variable wins
CATALOGUE = ""  # e.g. "exercises"
SOURCE_SUFFIXES = (".c", ".h", ".ts")


def log(message):
    print(f"ipclab autograder: {message}", flush=True)


def ipclab_command():
    """The ipclab executable: installed once from the packed tarball beside this script."""
    package = os.environ.get("IPCLAB_PACKAGE", "")
    if not package:
        tarballs = sorted(glob.glob(os.path.join(HERE, "ipclab-*.tgz")))
        if tarballs:
            package = tarballs[-1]
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


def wanted_exercises(ipclab, catalogue):
    configured = os.environ.get("IPCLAB_EXERCISES", "") or " ".join(EXERCISES)
    if configured:
        return [e for e in re.split(r"[\s,]+", configured) if e]
    known = catalogue_ids(ipclab, catalogue)
    present = [e for e in known if os.path.isdir(e)]
    if present:
        return present
    assignment = os.environ.get("ASSIGNMENT", "")
    return [assignment] if assignment in known else []


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
        ipclab = ipclab_command()
    except (OSError, subprocess.CalledProcessError) as err:
        log(f"could not install ipclab: {err}")
        return 3
    catalogue = os.environ.get("IPCLAB_CATALOGUE", "") or CATALOGUE
    catalogue = os.path.join(HERE, catalogue) if catalogue else ""
    exercises = wanted_exercises(ipclab, catalogue)
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
