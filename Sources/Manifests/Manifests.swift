// manifest validator lands here.
