// This IT makes its archive with db:backup, which comes from the `backup` branch. Until that
// branch is merged, the plugin has no backup goal and the IT is skipped. Delete this file after
// the merge.
def root = basedir.parentFile.parentFile.parentFile
return new File(root, 'src/main/java/io/github/pgkeeper/maven/BackupMojo.java').exists()
