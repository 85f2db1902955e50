// The one C entry point to BLAS/LAPACK. Only the LinearAlgebra target imports it.
// CBLAS comes from OpenBLAS's cblas.h (found through pkg-config "openblas").
// LAPACK routines are declared here by their Fortran symbols, which libopenblas exports
// (Debian builds OpenBLAS with NO_LAPACKE). gfortran passes the length of each character
// argument as a hidden size_t at the END of the argument list.
#ifndef TRUSTMETRICS_COPENBLAS_SHIM_H
#define TRUSTMETRICS_COPENBLAS_SHIM_H
#include <stddef.h>
#include <cblas.h>

// OpenBLAS (pthreads build): stops the idle worker threads, which otherwise spin in
// sched_yield for about 2^28 cycles after start-up and after every threaded call. The next
// threaded call (or openblas_set_num_threads) starts them again. Exported by libopenblas
// for its fork handler; see BLASThreads.releaseWorkers().
int blas_thread_shutdown_(void);

void dsyevr_(const char *jobz, const char *range, const char *uplo, const int *n, double *a,
             const int *lda, const double *vl, const double *vu, const int *il, const int *iu,
             const double *abstol, int *m, double *w, double *z, const int *ldz, int *isuppz,
             double *work, const int *lwork, int *iwork, const int *liwork, int *info,
             size_t jobz_len, size_t range_len, size_t uplo_len);
void dpotrf_(const char *uplo, const int *n, double *a, const int *lda, int *info, size_t uplo_len);
void dpotrs_(const char *uplo, const int *n, const int *nrhs, const double *a, const int *lda,
             double *b, const int *ldb, int *info, size_t uplo_len);
void dpotri_(const char *uplo, const int *n, double *a, const int *lda, int *info, size_t uplo_len);
void dgesdd_(const char *jobz, const int *m, const int *n, double *a, const int *lda, double *s,
             double *u, const int *ldu, double *vt, const int *ldvt, double *work, const int *lwork,
             int *iwork, int *info, size_t jobz_len);
void dgeqrf_(const int *m, const int *n, double *a, const int *lda, double *tau, double *work,
             const int *lwork, int *info);
void dorgqr_(const int *m, const int *n, const int *k, double *a, const int *lda, const double *tau,
             double *work, const int *lwork, int *info);
void dgels_(const char *trans, const int *m, const int *n, const int *nrhs, double *a, const int *lda,
            double *b, const int *ldb, double *work, const int *lwork, int *info, size_t trans_len);
void dgelsd_(const int *m, const int *n, const int *nrhs, double *a, const int *lda, double *b,
             const int *ldb, double *s, const double *rcond, int *rank, double *work,
             const int *lwork, int *iwork, int *info);
void dgetrf_(const int *m, const int *n, double *a, const int *lda, int *ipiv, int *info);
void dgetrs_(const char *trans, const int *n, const int *nrhs, const double *a, const int *lda,
             const int *ipiv, double *b, const int *ldb, int *info, size_t trans_len);
void dgetri_(const int *n, double *a, const int *lda, const int *ipiv, double *work,
             const int *lwork, int *info);
void dgecon_(const char *norm, const int *n, const double *a, const int *lda, const double *anorm,
             double *rcond, double *work, int *iwork, int *info, size_t norm_len);
void dtrcon_(const char *norm, const char *uplo, const char *diag, const int *n, const double *a,
             const int *lda, double *rcond, double *work, int *iwork, int *info, size_t norm_len,
             size_t uplo_len, size_t diag_len);
#endif
