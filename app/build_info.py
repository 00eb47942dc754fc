"""Build metadata; the installer overwrites BUILD_DATE when it builds a bundle."""

BUILD_DATE = "开发版"
